package io.vaultfleet.agent.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;

/**
 * An open-addressing hash table of fixed 48-byte slots in a memory-mapped scratch file: the chunk index's storage
 * (decision 021). Nothing per chunk lives on the Java heap; the operating system pages the table in and out like any
 * file. Grows by rehashing into a file twice the size. Not thread-safe: {@link Index} guards it.
 *
 * <p>The agent is compiled for Java 21, where {@code java.lang.foreign} is a preview, so the file is mapped as
 * {@link MappedByteBuffer}s of at most {@value #PART_SLOTS} slots (768 MiB) each. Java 21 cannot unmap a buffer
 * (only the garbage collector does; {@code Unsafe.invokeCleaner} warns on Java 25 and is going away): a table no longer
 * used is deleted at once where the system allows deleting a mapped file (Linux), and elsewhere (Windows) when the
 * process ends, by the next process's {@link IndexFiles#sweep sweep}; a large one's mapping goes at a full collection
 * asked for right after the table grew past it (its pages would otherwise stay resident).
 *
 * <p>Slot layout (native byte order, the file is scratch and never leaves this process):
 * {@code id.a id.b id.c id.d} (4 longs) · {@code int packAndFlags} (bits 0–23 pack ordinal + 1, 0 = empty slot;
 * bits 24–31 the chunk's flags) · {@code int offset} · {@code int sealedLength} · {@code int plainLength}.
 */
final class ChunkTable implements AutoCloseable {
    static final int SLOT = 48;
    /** Pack ordinals are stored + 1 in 24 bits. */
    static final int MAX_PACKS = (1 << 24) - 1;
    private static final int MIN_CAPACITY = 1 << 6;
    private static final long MAX_CAPACITY = 1L << 31;
    static final int PART_SLOTS = 1 << 24;
    private static final int PART_SHIFT = 24;
    /** Bytes of a dropped table from which a collection is asked for at once, so its mapping goes. */
    static final long COLLECT_AFTER_DROPPING = 8L << 20;

    private final IndexFiles files;
    private Path path;
    private MappedByteBuffer[] parts;
    private long capacity;
    private long mask;
    private long size;
    private int rehashes;

    ChunkTable(IndexFiles files, long initialCapacity) {
        this.files = files;
        long cap = Math.max(MIN_CAPACITY, Long.highestOneBit(Math.max(1, initialCapacity - 1)) << 1);
        map(cap);
    }

    private void map(long cap) {
        Path file = files.newFile();
        long partSlots = Math.min(cap, PART_SLOTS);
        MappedByteBuffer[] mapped = new MappedByteBuffer[(int) (cap / partSlots)];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (int i = 0; i < mapped.length; i++) {
                // mapping past the end grows the (sparse, zero-filled) file: every slot starts empty
                mapped[i] = ch.map(FileChannel.MapMode.READ_WRITE, i * partSlots * SLOT, partSlots * SLOT);
                mapped[i].order(ByteOrder.nativeOrder());
            }
        } catch (IOException e) {
            IndexFiles.delete(file);
            throw new UncheckedIOException("cannot map the chunk index file " + file + ": " + e.getMessage(), e);
        }
        this.path = file;
        this.parts = mapped;
        this.capacity = cap;
        this.mask = cap - 1;
    }

    /** Spreads all 256 bits of the id, so ids that agree in some bits (or crafted ones) still scatter. */
    static long hash(long a, long b, long c, long d) {
        long h = a ^ Long.rotateLeft(b, 21) ^ Long.rotateLeft(c, 42) ^ Long.rotateLeft(d, 63);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Stores the entry unless the id is already present (the first one stays); true when stored. */
    boolean putIfAbsent(ChunkId id, int packOrdinal, int flags, int offset, int sealedLength, int plainLength) {
        if (packOrdinal < 0 || packOrdinal >= MAX_PACKS) {
            throw new IllegalArgumentException("the chunk index holds at most " + MAX_PACKS + " packs");
        }
        checkFlags(id, flags);
        if ((size + 1) * 4 > capacity * 3) {
            grow();
        }
        long slot = find(id.a(), id.b(), id.c(), id.d());
        if (slot >= 0) {
            return false;
        }
        write(-slot - 1, id.a(), id.b(), id.c(), id.d(), (packOrdinal + 1) | (flags << 24), offset, sealedLength,
                plainLength);
        size++;
        return true;
    }

    static void checkFlags(ChunkId id, int flags) {
        if ((flags & ~0xff) != 0) {
            throw new IllegalArgumentException("chunk " + id + " has flags " + flags + " beyond the 8 bits the format"
                    + " defines");
        }
    }

    /** The slot holding {@code id}, or {@code -(empty slot) - 1} where it would go. */
    private long find(long a, long b, long c, long d) {
        long i = hash(a, b, c, d) & mask;
        while (true) {
            MappedByteBuffer part = part(i);
            int base = base(i);
            if (part.getInt(base + 32) == 0) {
                return -i - 1;
            }
            if (part.getLong(base) == a && part.getLong(base + 8) == b && part.getLong(base + 16) == c
                    && part.getLong(base + 24) == d) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** The slot of {@code id}, or -1. */
    long slotOf(ChunkId id) {
        long slot = find(id.a(), id.b(), id.c(), id.d());
        return slot >= 0 ? slot : -1;
    }

    private MappedByteBuffer part(long slot) {
        return parts[(int) (slot >>> PART_SHIFT)];
    }

    private static int base(long slot) {
        return (int) (slot & (PART_SLOTS - 1)) * SLOT;
    }

    int packOrdinal(long slot) {
        return (part(slot).getInt(base(slot) + 32) & 0xffffff) - 1;
    }

    int flags(long slot) {
        return part(slot).getInt(base(slot) + 32) >>> 24;
    }

    int offset(long slot) {
        return part(slot).getInt(base(slot) + 36);
    }

    int sealedLength(long slot) {
        return part(slot).getInt(base(slot) + 40);
    }

    int plainLength(long slot) {
        return part(slot).getInt(base(slot) + 44);
    }

    ChunkId id(long slot) {
        MappedByteBuffer part = part(slot);
        int base = base(slot);
        return new ChunkId(part.getLong(base), part.getLong(base + 8), part.getLong(base + 16),
                part.getLong(base + 24));
    }

    /** Calls {@code visitor} with every occupied slot, in table order. */
    void forEachSlot(LongConsumer visitor) {
        for (long i = 0; i < capacity; i++) {
            if (part(i).getInt(base(i) + 32) != 0) {
                visitor.accept(i);
            }
        }
    }

    private void write(long slot, long a, long b, long c, long d, int packAndFlags, int offset, int sealed,
            int plain) {
        MappedByteBuffer part = part(slot);
        int base = base(slot);
        part.putLong(base, a);
        part.putLong(base + 8, b);
        part.putLong(base + 16, c);
        part.putLong(base + 24, d);
        part.putInt(base + 36, offset);
        part.putInt(base + 40, sealed);
        part.putInt(base + 44, plain);
        part.putInt(base + 32, packAndFlags);
    }

    /**
     * Makes room for {@code entries} in all without growing again: loading an index of a million chunks into a table
     * that doubles as it fills touches every smaller table too, and the last two at once while it rehashes (a 96 MiB
     * table beside its 48 MiB predecessor, decision 037).
     */
    void reserve(long entries) {
        long cap = capacity;
        while (entries * 4 > cap * 3 && cap < MAX_CAPACITY) {
            cap *= 2;
        }
        if (cap > capacity) {
            grow(cap);
        }
    }

    private void grow() {
        if (capacity >= MAX_CAPACITY) {
            throw new IllegalStateException("the chunk index is full (" + size + " chunks)");
        }
        grow(capacity * 2);
    }

    private void grow(long newCapacity) {
        long dropped = capacity;
        rehash(newCapacity);
        if (dropped * SLOT >= COLLECT_AFTER_DROPPING) {
            // the table just left stays mapped, and resident, until the collector finds its buffers unreachable,
            // which a heap with little garbage may not do for the rest of the run: an unchanged backup of 1,000,000
            // files still held its 48 and 12 MiB predecessors beside the 96 MiB table (decision 037). A full
            // collection now (a few per run at most, one per doubling past this size) unmaps it. Asked for here,
            // once rehash has returned: no frame of this thread still refers to the old buffers
            System.gc();
        }
    }

    private void rehash(long newCapacity) {
        MappedByteBuffer[] old = parts;
        long oldCapacity = capacity;
        Path oldPath = path;
        map(newCapacity);
        for (long i = 0; i < oldCapacity; i++) {
            MappedByteBuffer part = old[(int) (i >>> PART_SHIFT)];
            int base = base(i);
            int packAndFlags = part.getInt(base + 32);
            if (packAndFlags != 0) {
                long a = part.getLong(base);
                long b = part.getLong(base + 8);
                long c = part.getLong(base + 16);
                long d = part.getLong(base + 24);
                write(-find(a, b, c, d) - 1, a, b, c, d, packAndFlags, part.getInt(base + 36),
                        part.getInt(base + 40), part.getInt(base + 44));
            }
        }
        IndexFiles.deleteMapped(oldPath);
        rehashes++;
    }

    long size() {
        return size;
    }

    long capacity() {
        return capacity;
    }

    int rehashes() {
        return rehashes;
    }

    Path path() {
        return path;
    }

    /** Drops the mapping and deletes the file (see the class comment for Windows). Idempotent. */
    @Override
    public void close() {
        if (parts != null) {
            parts = null;
            IndexFiles.deleteMapped(path);
        }
    }
}
