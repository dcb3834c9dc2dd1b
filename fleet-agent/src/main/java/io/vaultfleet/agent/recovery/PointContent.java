package io.vaultfleet.agent.recovery;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.ChunkSealer;
import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.IntegrityException;
import io.vaultfleet.agent.repo.PackReader;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.Snapshot;

/**
 * A file of a recovery point written to a stream, or a folder as a zip ({@code java.util.zip}), for a download:
 * chunk by chunk, each authenticated and checked against its id, so nothing is held whole. Entries a zip cannot hold
 * (links, FIFOs, devices) are named in a {@value #NOT_INCLUDED} entry at the end, never dropped silently.
 */
final class PointContent {
    static final String NOT_INCLUDED = "VAULTFLEET-NOT-INCLUDED.txt";

    /** What the path names: a file or a folder, and its shown name. */
    record Found(Snapshot.Node node, String name) {
        boolean folder() {
            return node.type() == Snapshot.Type.DIR;
        }
    }

    private final Repository repo;
    private final String pointId;
    private Index index;
    private ChunkSealer sealer;

    PointContent(Repository repo, String pointId) {
        this.repo = repo;
        this.pointId = pointId;
    }

    /** The node at {@code path} (exact or shown form), or an IllegalArgumentException in plain words. */
    Found find(String path) throws IOException {
        Snapshot.Node[] found = {null};
        byte[] blob = repo.readSnapshotBlob(pointId);
        repo.decodeSnapshot(pointId, blob, n -> {
            if (found[0] == null && (n.path().equals(path) || FileNames.display(n.path()).equals(path))) {
                found[0] = n;
            }
        });
        Snapshot.Node node = found[0];
        if (node == null) {
            throw new IllegalArgumentException(path + " is not in recovery point " + pointId.substring(0, 8));
        }
        if (node.type() != Snapshot.Type.FILE && node.type() != Snapshot.Type.DIR) {
            throw new IllegalArgumentException(path + " is a " + node.type().name().toLowerCase()
                    + ", not a file or folder: it cannot be downloaded");
        }
        String raw = node.path();
        int cut = raw.lastIndexOf(separator(raw));
        String name = cut >= 0 && cut < raw.length() - 1 ? FileNames.display(raw.substring(cut + 1))
                : FileNames.display(raw).replaceAll("[/\\\\:]", ""); // a root ("/", "C:\\") has no name of its own
        if (name.isEmpty()) {
            name = "recovery-point-" + pointId.substring(0, 8);
        }
        return new Found(node, node.type() == Snapshot.Type.DIR ? name + ".zip" : name);
    }

    /** Writes a file's content to {@code out}. */
    void writeFile(Snapshot.Node node, OutputStream out) throws IOException {
        for (ChunkId chunk : node.chunks()) {
            Index.Location loc = index().lookup(chunk);
            if (loc == null) {
                loc = index().lookupRemoved(chunk);
            }
            if (loc == null) {
                throw new IOException(FileNames.display(node.path()) + ": chunk " + chunk.hex().substring(0, 12)
                        + " is in no index: the file cannot be read whole");
            }
            byte[] sealed = repo.store().getRange(PackReader.blobName(loc.packId()), loc.offset(), loc.sealedLength());
            if (sealed.length != loc.sealedLength()) {
                throw new IntegrityException("pack " + loc.packId() + " is truncated");
            }
            byte[] plain = sealer().openReusing(chunk, loc.flags(), loc.plainLength(), sealed, 0, sealed.length);
            out.write(plain, 0, loc.plainLength());
        }
    }

    /** Writes the folder and everything below it as a zip, paths relative to the folder's parent. */
    void writeZip(Snapshot.Node folder, OutputStream out) throws IOException {
        String root = folder.path();
        char separator = separator(root);
        int cut = root.lastIndexOf(separator);
        String base = cut >= 0 ? root.substring(0, cut + 1) : "";
        List<String> notIncluded = new ArrayList<>();
        byte[] blob = repo.readSnapshotBlob(pointId);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            try {
                repo.decodeSnapshot(pointId, blob, n -> {
                    if (!n.path().equals(root) && !n.path().startsWith(root + separator)) {
                        return;
                    }
                    String name = FileNames.display(n.path().substring(base.length()).replace(separator, '/'));
                    if (name.isEmpty()) {
                        return; // the root folder itself ("/"): its entries are the zip's top level
                    }
                    try {
                        switch (n.type()) {
                            case DIR -> {
                                zip.putNextEntry(entry(name + "/", n));
                                zip.closeEntry();
                            }
                            case FILE -> {
                                zip.putNextEntry(entry(name, n));
                                writeFile(n, zip);
                                zip.closeEntry();
                            }
                            default -> notIncluded.add(name + " (" + n.type().name().toLowerCase() + ")");
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IntegrityException e) {
                if (e.getCause() instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                throw e;
            }
            if (!notIncluded.isEmpty()) {
                zip.putNextEntry(new ZipEntry(NOT_INCLUDED));
                zip.write(("Not in this zip (a zip holds files and folders only; restore them instead):\n"
                        + String.join("\n", notIncluded) + "\n").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }

    /** A Windows point's paths ({@code C:\\…}, {@code \\\\server\\…}) use {@code \\}; POSIX paths start with {@code /}. */
    private static char separator(String path) {
        return path.startsWith("/") ? '/' : '\\';
    }

    private static ZipEntry entry(String name, Snapshot.Node n) {
        ZipEntry entry = new ZipEntry(name);
        if (n.mtime() != 0) {
            entry.setLastModifiedTime(FileTime.from(n.mtime(), TimeUnit.NANOSECONDS));
        }
        return entry;
    }

    private Index index() throws IOException {
        if (index == null) {
            index = repo.loadIndex().index();
        }
        return index;
    }

    private ChunkSealer sealer() {
        if (sealer == null) {
            sealer = repo.newSealer();
        }
        return sealer;
    }
}
