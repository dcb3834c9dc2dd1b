package io.vaultfleet.agent.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.platform.PosixFiles;
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

    static void setXattrs(Path dest, Snapshot.Node n, Consumer<String> warnings) {
        if (n.xattrs().isEmpty()) {
            return;
        }
        if (!PosixFiles.available()) {
            warnings.accept(FileNames.display(n.path()) + ": " + n.xattrs().size()
                    + " extended attribute(s) not restored: " + PosixFiles.unavailableReason());
            return;
        }
        for (Snapshot.Xattr x : n.xattrs()) {
            try {
                PosixFiles.setXattr(dest, x);
            } catch (IOException e) {
                warnings.accept(FileNames.display(n.path()) + ": extended attribute not restored: " + e.getMessage());
            }
        }
    }

    static void setTimes(Path dest, Snapshot.Node n) throws IOException {
        if (PosixFiles.available()) {
            PosixFiles.setTimes(dest, n.mtime(), n.atime());
            return;
        }
        if (n.type() == Snapshot.Type.SYMLINK || n.type() == Snapshot.Type.FIFO) {
            return; // Java's setTimes follows links and opens FIFOs: not without the native call
        }
        Files.getFileAttributeView(dest, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(n.mtime(), TimeUnit.NANOSECONDS),
                        FileTime.from(n.atime(), TimeUnit.NANOSECONDS), null);
    }
}
