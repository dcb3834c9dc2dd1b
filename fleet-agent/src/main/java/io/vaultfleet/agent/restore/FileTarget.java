package io.vaultfleet.agent.restore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.platform.HeapChannelIo;
import io.vaultfleet.agent.platform.posix.PosixFiles;
import io.vaultfleet.agent.repo.Snapshot;

/**
 * A file being restored. The first chunk written creates it (replacing whatever was at its path, never following
 * a link there); when its last chunk is written, the thread that wrote it sets its metadata, so small files cost
 * one open and metadata is applied by all fetch threads at once.
 */
final class FileTarget {
    final Path path;
    final Snapshot.Node node;
    private final Consumer<String> warnings;
    private final boolean root;
    private final AtomicInteger remaining = new AtomicInteger();
    private boolean prepared;
    /** Some of its chunks are in no pack: it is incomplete whatever gets written. */
    private final boolean missingData;
    private volatile boolean marked;
    /** Where the file ended up: its own name, or the marked name when its content is incomplete. */
    volatile Path finalPath;

    /**
     * {@code missingData}: some of the file's chunks are in no pack, so it is incomplete whatever gets written;
     * {@code path} is then already its marked name.
     */
    FileTarget(Path path, Snapshot.Node node, boolean root, Consumer<String> warnings, boolean missingData) {
        this.missingData = missingData;
        this.marked = missingData;
        this.warnings = warnings;
        this.path = path;
        this.node = node;
        this.root = root;
        this.finalPath = path;
    }

    void expect(int chunks) {
        remaining.set(chunks);
    }

    /** Whether the file was created (a cancelled restore marks only those). */
    synchronized boolean started() {
        return prepared;
    }

    boolean finished() {
        return remaining.get() == 0;
    }

    /** Creates the file empty now (for files with no chunk to write). */
    synchronized void prepare() throws IOException {
        if (!prepared) {
            Files.deleteIfExists(path);
            Files.createFile(path);
            holes();
            prepared = true;
        }
    }

    /** A sparse file gets its full length at once, as a hole: the chunks then fill only what is not zeros. */
    private void holes() throws IOException {
        if (node.sparse() && PosixFiles.available()) {
            PosixFiles.setLength(path, node.size());
        }
    }

    private FileChannel open() throws IOException {
        synchronized (this) {
            if (!prepared) {
                Files.deleteIfExists(path);
                FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                holes();
                prepared = true;
                return ch;
            }
        }
        return FileChannel.open(path, StandardOpenOption.WRITE);
    }

    /** Writes one chunk; true when it was the file's last one. */
    boolean write(byte[] plain, int length, long offset) throws IOException {
        try (FileChannel ch = open()) {
            if (node.sparse() && PosixFiles.available()) {
                SparseWrites.write(ch, plain, length, offset);
            } else {
                HeapChannelIo.write(ch, plain, 0, length, offset);
            }
        }
        boolean last = remaining.decrementAndGet() == 0;
        if (last && !missingData) {
            applyMetadata();
        }
        return last;
    }

    void applyMetadata() {
        try {
            NodeMetadata.apply(finalPath, node, root, warnings);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            warnings.accept(FileNames.display(node.path()) + ": metadata not restored: " + e.getMessage());
        }
    }

    /**
     * Renames an incomplete file to {@code <name>.vaultfleet-incomplete} so it never looks complete (its
     * original mode, size and time over zeros where data is missing); its times are not restored.
     */
    void markIncomplete() throws IOException {
        if (marked) {
            return; // written under the marked name from the start
        }
        finalPath = marked(path);
        Files.move(path, finalPath, StandardCopyOption.REPLACE_EXISTING);
        marked = true;
    }

    /** Whether the file is (or was written) under its marked name. */
    boolean marked() {
        return marked;
    }

    /** {@code <name>.vaultfleet-incomplete} beside {@code path}. */
    static Path marked(Path path) {
        return FileNames.path(FileNames.name(path) + Restorer.INCOMPLETE_SUFFIX);
    }
}
