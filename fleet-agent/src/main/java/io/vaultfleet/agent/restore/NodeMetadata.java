package io.vaultfleet.agent.restore;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.platform.posix.PosixFiles;
import io.vaultfleet.agent.platform.windows.AlternateStreams;
import io.vaultfleet.agent.platform.windows.NtfsPermissions;
import io.vaultfleet.agent.platform.windows.Win32AlternateStreams;
import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.agent.source.FileWalker;

/**
 * Puts a node's metadata on a restored path: owner (as root), extended attributes (before the mode, which may take
 * away the write permission setting them needs), mode, then times with nanoseconds on the path itself
 * ({@code utimensat}, so symlinks get theirs and pre-1970 times keep their fraction). Whatever cannot be set is a
 * named warning.
 */
final class NodeMetadata {
    private NodeMetadata() {
    }

    static void apply(Path dest, Snapshot.Node n, boolean root, Consumer<String> warnings) throws IOException {
        boolean link = n.type() == Snapshot.Type.SYMLINK;
        if (root && n.uid() >= 0) {
            Files.setAttribute(dest, "unix:uid", n.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(dest, "unix:gid", n.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        setXattrs(dest, n, warnings);
        if (n.mode() >= 0 && !link) {
            // chmod does not open the file: safe on FIFOs too
            if ((n.mode() & 07000) != 0) {
                Files.setAttribute(dest, "unix:mode", n.mode(), LinkOption.NOFOLLOW_LINKS);
            } else {
                Files.setPosixFilePermissions(dest, FileWalker.permissions(n.mode()));
            }
        }
        setTimes(dest, n);
    }

    private static final boolean WINDOWS = File.separatorChar == '\\';

    static void setXattrs(Path dest, Snapshot.Node n, Consumer<String> warnings) {
        int others = 0;
        for (Snapshot.Xattr x : n.xattrs()) {
            if (x.name().equals(NtfsPermissions.ATTRIBUTE)) {
                setNtfsPermissions(dest, n, x, warnings);
                continue;
            }
            if (x.name().startsWith(AlternateStreams.PREFIX)) {
                setStream(dest, n, x, warnings);
                continue;
            }
            if (!PosixFiles.available()) {
                others++;
                continue;
            }
            try {
                PosixFiles.setXattr(dest, x);
            } catch (IOException e) {
                warnings.accept(FileNames.display(n.path()) + ": extended attribute not restored: " + e.getMessage());
            }
        }
        if (others > 0) {
            warnings.accept(FileNames.display(n.path()) + ": " + others + " extended attribute(s) not restored: "
                    + PosixFiles.unavailableReason());
        }
    }

    private static void setNtfsPermissions(Path dest, Snapshot.Node n, Snapshot.Xattr x, Consumer<String> warnings) {
        if (!WINDOWS) {
            warnings.accept(FileNames.display(n.path()) + ": NTFS permissions not restored (not on Windows)");
            return;
        }
        try {
            NTFS.write(dest, x);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            warnings.accept(FileNames.display(n.path()) + ": NTFS permissions not restored: " + e.getMessage());
        }
    }

    private static void setStream(Path dest, Snapshot.Node n, Snapshot.Xattr x, Consumer<String> warnings) {
        String stream = x.name().substring(AlternateStreams.PREFIX.length());
        if (!WINDOWS) {
            warnings.accept(FileNames.display(n.path()) + ": alternate data stream " + stream
                    + " not restored (not on Windows)");
            return;
        }
        try {
            STREAMS.write(dest, x);
        } catch (IOException | LinkageError | RuntimeException e) {
            warnings.accept(FileNames.display(n.path()) + ": alternate data stream " + stream + " not restored: "
                    + e.getMessage());
        }
    }

    private static final NtfsPermissions NTFS = WINDOWS ? NtfsPermissions.ofDefaultFileSystem() : null;
    private static final AlternateStreams STREAMS = WINDOWS ? new AlternateStreams(new Win32AlternateStreams()) : null;

    static void setTimes(Path dest, Snapshot.Node n) throws IOException {
        if (PosixFiles.available()) {
            PosixFiles.setTimes(dest, n.mtime(), n.atime());
            return;
        }
        if (n.type() == Snapshot.Type.SYMLINK || n.type() == Snapshot.Type.FIFO) {
            return; // Java's setTimes follows links and opens FIFOs: not without the native call
        }
        // the basic view exists everywhere (Windows has no POSIX view: it was null there)
        Files.getFileAttributeView(dest, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(n.mtime(), TimeUnit.NANOSECONDS),
                        FileTime.from(n.atime(), TimeUnit.NANOSECONDS), null);
    }
}
