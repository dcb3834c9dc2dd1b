package io.vaultfleet.agent.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.Snapshot;

/**
 * Hard-linked files of a restore: the first path of an inode gets the content, each further path becomes a link to
 * where the first was written (its marked name when incomplete). A further path whose first was written in an
 * earlier batch is linked at once; one whose first is in the batch being planned waits for that batch's data.
 * Memory is per hard-linked inode only (a path and a flag; files with one link cost nothing).
 */
final class HardLinks {
    /** A file's identity on the source: hard links to one file share it. */
    private record Inode(long device, long inode) {
    }

    /** Where the first path of an inode ended up once its batch was written. */
    private record Written(Path finalPath, boolean marked) {
    }

    /** A further path waiting for its first path's batch. */
    private record Pending(Path dest, String path, FileTarget first) {
    }

    private final Map<Inode, Written> written = new HashMap<>();
    private final Map<Inode, FileTarget> inBatch = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private final Consumer<String> warnings;

    HardLinks(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /**
     * For a file node with more than one link: true when it is a further path of an inode already seen (then it is
     * linked now or after the batch, and {@code incomplete} gets its shown path if its first is incomplete).
     */
    boolean linkIfSeen(Snapshot.Node n, Path dest, List<String> incomplete) throws IOException {
        Inode key = new Inode(n.fsDevice(), n.inode());
        FileTarget first = inBatch.get(key);
        if (first != null) {
            pending.add(new Pending(dest, n.path(), first));
            return true;
        }
        Written w = written.get(key);
        if (w == null) {
            return false;
        }
        link(dest, n.path(), w.finalPath(), w.marked(), incomplete);
        return true;
    }

    /** The first path of a hard-linked inode, written in the current batch. */
    void first(Snapshot.Node n, FileTarget file) {
        inBatch.put(new Inode(n.fsDevice(), n.inode()), file);
    }

    /** After a batch's data is written (and incomplete files renamed): links the further paths that waited. */
    void batchWritten(List<String> incomplete) throws IOException {
        for (Pending p : pending) {
            link(p.dest(), p.path(), p.first().finalPath, p.first().marked(), incomplete);
        }
        pending.clear();
        inBatch.forEach((key, file) -> written.put(key, new Written(file.finalPath, file.marked())));
        inBatch.clear();
    }

    private void link(Path dest, String path, Path first, boolean marked, List<String> incomplete)
            throws IOException {
        Path at = marked ? FileTarget.marked(dest) : dest;
        if (marked) {
            incomplete.add(FileNames.display(path));
        }
        Files.deleteIfExists(at);
        try {
            Files.createLink(at, first);
        } catch (IOException | UnsupportedOperationException ex) {
            // another file system or no hard links there: a copy keeps the content (said, not silent)
            Files.copy(first, at, StandardCopyOption.COPY_ATTRIBUTES);
            warnings.accept(FileNames.display(path) + ": restored as a copy, not a hard link: " + ex.getMessage());
        }
    }
}
