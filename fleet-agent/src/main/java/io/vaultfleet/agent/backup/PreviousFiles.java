package io.vaultfleet.agent.backup;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.Snapshot;

/**
 * The previous recovery point's files, for recognising unchanged files without reading them (issue 17), kept on
 * disk instead of as a map of nodes (which held ~350 bytes of heap per file: a million files did not fit the 320 MiB
 * heap of a backup process). What the unchanged-file test needs of each file (size, mtime, ctime, inode, chunk ids)
 * is appended to a records file; an open-addressing table in a second file maps a 64-bit hash of the path to its
 * record (16 bytes of file per slot, nothing on the heap). Two paths sharing a hash would also need the same size,
 * times and inode to be taken for one another; the table grows by rehashing into a new file twice the size.
 *
 * <p>The table is read and written a page at a time with positional reads and writes, not mapped: a mapped table's
 * pages count in the process's resident memory once touched, and a hash table touches all of them — an unchanged
 * backup of 5,000,000 files held 397 MiB against 188 at 100,000 (bench/many-files.sh, decision 036). Read this way
 * the pages stay in the system's page cache, which the kernel may drop and read back; a lookup is one read of the
 * 1 KiB of slots its probe starts in (linear probing at a load of at most 3/4 rarely leaves them).
 *
 * <p>Written by one thread (the decoder), then read by one (the walk). Files are deleted on {@link #close()}; on
 * Windows a mapped file can only go when the process ends ({@code deleteOnExit}).
 */
final class PreviousFiles implements AutoCloseable {
    /** Slot: path hash (0 = empty; a zero hash is stored as 1), record offset + 1. */
    private static final int SLOT = 16;
    /** What one read of the table brings: 64 slots (a probe rarely leaves them). The table starts at 4,096 slots. */
    private static final int PAGE = 1024;
    private static final int RECORD_HEAD = 4 * 8 + 4;

    private final Path dir;
    private final Path records;
    private final DataOutputStream out;
    private FileChannel recordChannel;
    private Path tablePath;
    private FileChannel table;
    /** The page of the table a probe reads (one thread at a time: the decoder adds, then the walk finds). */
    private final ByteBuffer page = ByteBuffer.allocateDirect(PAGE).order(ByteOrder.nativeOrder());
    private final ByteBuffer slot = ByteBuffer.allocateDirect(SLOT).order(ByteOrder.nativeOrder());
    private int capacity;
    private int count;
    private long written;
    private int generation;
    private final long seed = new SecureRandom().nextLong() | 1;

    PreviousFiles() throws IOException {
        dir = Files.createTempDirectory("vaultfleet-previous-");
        records = dir.resolve("records");
        out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(records), 64 * 1024));
        map(1 << 12);
    }

    /** How many files were added. */
    int size() {
        return count;
    }

    /** Adds a file node of the previous point. */
    void add(Snapshot.Node n) {
        try {
            if ((count + 1) * 4L > capacity * 3L) {
                grow();
            }
            put(hash(n.path()), written);
            out.writeLong(n.size());
            out.writeLong(n.mtime());
            out.writeLong(n.ctime());
            out.writeLong(n.inode());
            out.writeInt(n.chunks().size());
            for (ChunkId c : n.chunks()) {
                out.writeLong(c.a());
                out.writeLong(c.b());
                out.writeLong(c.c());
                out.writeLong(c.d());
            }
            written += RECORD_HEAD + 32L * n.chunks().size();
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("metadata cache: cannot write " + records + ": " + e.getMessage(), e);
        }
    }

    /** Ends adding: the records are read from now on. */
    void finish() throws IOException {
        out.close();
        recordChannel = FileChannel.open(records, StandardOpenOption.READ);
    }

    /**
     * The previous point's file at {@code path} as a node with what the unchanged-file test needs (size, times,
     * inode, chunks; no owner or mode), or null.
     */
    Snapshot.Node find(String path) throws IOException {
        if (recordChannel == null || count == 0) {
            return null;
        }
        long h = hash(path);
        int i = probe(h);
        return key(i) == 0 ? null : read(path, page.getLong(inPage(i) + 8) - 1);
    }

    /**
     * The slot holding {@code h}, or the empty slot where it would go; the page holding that slot is left in
     * {@link #page}.
     */
    private int probe(long h) throws IOException {
        int mask = capacity - 1;
        int i = (int) (mix(h) & mask);
        readPage(i);
        while (true) {
            long key = key(i);
            if (key == 0 || key == h) {
                return i;
            }
            i = (i + 1) & mask;
            if (inPage(i) == 0) {
                readPage(i);
            }
        }
    }

    private long key(int i) {
        return page.getLong(inPage(i));
    }

    private static int inPage(int i) {
        return (int) (((long) i * SLOT) % PAGE);
    }

    private void readPage(int i) throws IOException {
        long start = (long) i * SLOT - inPage(i);
        page.clear();
        readFully(table, tablePath, page, start);
    }

    private Snapshot.Node read(String path, long offset) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(RECORD_HEAD);
        readFully(recordChannel, records, head, offset);
        head.flip();
        long size = head.getLong();
        long mtime = head.getLong();
        long ctime = head.getLong();
        long inode = head.getLong();
        int n = head.getInt();
        List<ChunkId> chunks = new ArrayList<>(n);
        if (n > 0) {
            ByteBuffer ids = ByteBuffer.allocate(32 * n);
            readFully(recordChannel, records, ids, offset + RECORD_HEAD);
            ids.flip();
            for (int i = 0; i < n; i++) {
                chunks.add(new ChunkId(ids.getLong(), ids.getLong(), ids.getLong(), ids.getLong()));
            }
        }
        return new Snapshot.Node(path, Snapshot.Type.FILE, -1, -1, -1, null, null, mtime, 0, ctime, inode, size,
                null, chunks, null);
    }

    /** Fills {@code buf} from {@code position} of {@code file}; a file that ends first is damaged scratch. */
    private static void readFully(FileChannel channel, Path file, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new IOException("metadata cache: " + file + " is shorter than its table says");
            }
        }
    }

    /**
     * FNV-1a over the path's UTF-16 code units as they are (names may hold lone surrogates, which a charset would
     * replace), from a seed chosen per process so no one can craft names that collide. A cryptographic hash cost
     * ~0.3 ms a file here until the JIT compiled it (measured on a loaded machine), and a collision needs equal size,
     * times and inode as well: two paths of one inode are hard links to the same content.
     */
    private long hash(String path) {
        long h = seed;
        for (int i = 0; i < path.length(); i++) {
            h = (h ^ path.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    private static long mix(long h) {
        return h ^ (h >>> 29);
    }

    private void put(long h, long offset) throws IOException {
        // an empty slot, or the same hash: a repeated path (version 2 points could hold two), the last one wins, as
        // a map's put did
        int i = probe(h);
        slot.clear();
        slot.putLong(0, h).putLong(8, offset + 1);
        while (slot.hasRemaining()) {
            table.write(slot, (long) i * SLOT + slot.position());
        }
    }

    private void map(int slots) throws IOException {
        Path file = dir.resolve("table-" + generation++);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            // one zero byte at the end makes a sparse, zero-filled file: every slot starts empty
            ch.write(ByteBuffer.allocate(1), (long) slots * SLOT - 1);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        table = ch;
        capacity = slots;
        tablePath = file;
    }

    private void grow() throws IOException {
        if (capacity >= (1 << 26)) {
            throw new IOException("metadata cache: more than 50 million files in one item");
        }
        FileChannel old = table;
        long oldLength = (long) capacity * SLOT;
        Path oldPath = tablePath;
        map(capacity * 2);
        ByteBuffer block = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.nativeOrder());
        try (old) {
            for (long at = 0; at < oldLength; at += block.capacity()) {
                block.clear();
                readFully(old, oldPath, block, at);
                for (int b = 0; b < block.capacity(); b += SLOT) {
                    long key = block.getLong(b);
                    if (key != 0) {
                        put(key, block.getLong(b + 8) - 1);
                    }
                }
            }
        }
        delete(oldPath);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit(); // e.g. held open by a virus scanner on Windows: gone when the process ends
        }
    }

    @Override
    public void close() {
        try {
            out.close();
            if (recordChannel != null) {
                recordChannel.close();
            }
        } catch (IOException e) {
            // scratch files: nothing to lose
        }
        try {
            if (table != null) {
                table.close();
            }
        } catch (IOException e) {
            // scratch file: nothing to lose
        }
        table = null;
        delete(records);
        delete(tablePath);
        delete(dir);
    }
}
