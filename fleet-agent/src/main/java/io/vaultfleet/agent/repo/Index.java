package io.vaultfleet.agent.repo;

import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;
import java.util.function.BiConsumer;

/**
 * Chunk → location, merged from all index files (plus packs adopted from their headers). Thread-safe.
 *
 * <p>The entries live in a {@link ChunkTable}, a memory-mapped scratch file of 48-byte slots, not on the Java heap
 * (decision 021): a backup of millions of chunks needs no heap for them. Pack ids are interned once (packs are 16+ MiB,
 * so there are few). Lookups read without locking unless a pack is being added meanwhile (then under the read lock,
 * see {@link #read}); adding a pack takes the write lock once for all its entries.
 *
 * <p>The index owns files: {@link #close()} deletes them (the collector unmaps them). An index nobody closed is cleaned when it becomes
 * unreachable; a process that crashed leaves files the next process's first index deletes ({@link IndexFiles}).
 */
public final class Index implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    static final long INITIAL_CAPACITY = 1 << 12;

    /** Where a chunk is. */
    public record Location(String packId, int flags, int offset, int sealedLength, int plainLength) {
    }

    /**
     * The tables, apart from the Index so the cleaner can close them once the Index is unreachable. The removed
     * table (chunks of packs retention clean-up deleted) is made on first use: most repositories have none.
     */
    private static final class Tables implements Runnable {
        final IndexFiles files;
        final long initialCapacity;
        ChunkTable chunks;
        ChunkTable removed;
        volatile boolean closed;

        Tables(IndexFiles files, long initialCapacity) {
            this.files = files;
            this.initialCapacity = initialCapacity;
            this.chunks = new ChunkTable(files, initialCapacity);
        }

        ChunkTable removed() {
            if (removed == null) {
                removed = new ChunkTable(files, initialCapacity);
            }
            return removed;
        }

        @Override
        public void run() {
            closed = true;
            chunks.close();
            if (removed != null) {
                removed.close();
            }
        }
    }

    private final StampedLock lock = new StampedLock();
    private final Lock readLock = lock.asReadLock();
    private final Lock writeLock = lock.asWriteLock();
    private final Tables tables;
    private final Cleaner.Cleanable cleanable;
    private final List<String> packNames = new ArrayList<>();
    private final Map<String, Integer> packOrdinals = new HashMap<>();
    private final Set<String> livePacks = new LinkedHashSet<>();

    /** An index whose files go in {@code vaultfleet.index.dir} or the temp folder. */
    public Index() {
        this(IndexFiles.defaultDir());
    }

    /** An index whose files go in {@code dir} (e.g. the agent's work folder). */
    public Index(Path dir) {
        this(dir, INITIAL_CAPACITY);
    }

    Index(Path dir, long initialCapacity) {
        this.tables = new Tables(new IndexFiles(dir), initialCapacity);
        this.cleanable = CLEANER.register(this, tables);
    }

    public void addPack(String packId, Collection<PackEntry> entries) {
        writeLock.lock();
        try {
            checkOpen();
            checkFlags(entries);
            int ordinal = intern(packId);
            livePacks.add(packId);
            for (PackEntry e : entries) {
                tables.chunks.putIfAbsent(e.id(), ordinal, e.flags(), e.offset(), e.sealedLength(), e.plainLength());
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Makes room for {@code chunks} chunks in all, so adding that many does not grow the table step by step. */
    public void reserve(long chunks) {
        writeLock.lock();
        try {
            checkOpen();
            tables.chunks.reserve(chunks);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Records a pack that index files name but storage no longer has (removed by retention clean-up). Its chunks are
     * not {@link #contains contained} (nothing deduplicates against them); {@link #lookupRemoved} still finds them,
     * so damage reports can name the missing pack.
     */
    public void addRemovedPack(String packId, Collection<PackEntry> entries) {
        writeLock.lock();
        try {
            checkOpen();
            checkFlags(entries);
            int ordinal = intern(packId);
            ChunkTable removed = tables.removed();
            for (PackEntry e : entries) {
                removed.putIfAbsent(e.id(), ordinal, e.flags(), e.offset(), e.sealedLength(), e.plainLength());
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Refuses the whole pack before any of it is added, so bad input never leaves half a pack indexed. */
    private static void checkFlags(Collection<PackEntry> entries) {
        for (PackEntry e : entries) {
            ChunkTable.checkFlags(e.id(), e.flags());
        }
    }

    private int intern(String packId) {
        Integer known = packOrdinals.get(packId);
        if (known != null) {
            return known;
        }
        int ordinal = packNames.size();
        packNames.add(packId);
        packOrdinals.put(packId, ordinal);
        return ordinal;
    }

    /** Where a chunk was, in a pack that is no longer stored; null when no removed pack held it. */
    public Location lookupRemoved(ChunkId id) {
        return read(() -> {
            ChunkTable removed = tables.removed;
            return removed == null ? null : locate(removed, id);
        });
    }

    public Location lookup(ChunkId id) {
        return read(() -> locate(tables.chunks, id));
    }

    /**
     * Runs a point query without taking the lock when no pack is being added meanwhile (the usual case: a backup's
     * readers are many, its writer adds a pack now and then), else under the read lock. A query that raced a
     * writer may see a half-grown table and fail or answer wrongly; {@code validate} then sends it to the locked path.
     * Tables are never unmapped while the index is reachable, so such a read touches only mapped memory.
     */
    private <T> T read(Supplier<T> query) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                checkOpen();
                T result = query.get();
                if (lock.validate(stamp)) {
                    return result;
                }
            } catch (RuntimeException e) {
                // the table moved under the read (or the index closed): the locked path answers or names why
            }
        }
        readLock.lock();
        try {
            checkOpen();
            return query.get();
        } finally {
            readLock.unlock();
        }
    }

    /** {@code query} under the read lock (no open check: what the caller reads is there until the index is gone). */
    private <T> T locked(Supplier<T> query) {
        readLock.lock();
        try {
            return query.get();
        } finally {
            readLock.unlock();
        }
    }

    private Location locate(ChunkTable table, ChunkId id) {
        long slot = table.slotOf(id);
        return slot < 0 ? null : location(table, slot);
    }

    private Location location(ChunkTable table, long slot) {
        return new Location(packNames.get(table.packOrdinal(slot)), table.flags(slot), table.offset(slot),
                table.sealedLength(slot), table.plainLength(slot));
    }

    public boolean contains(ChunkId id) {
        return read(() -> tables.chunks.slotOf(id) >= 0);
    }

    public boolean hasPack(String packId) {
        return locked(() -> livePacks.contains(packId));
    }

    public List<String> packIds() {
        return locked(() -> new ArrayList<>(livePacks));
    }

    public int chunkCount() {
        readLock.lock();
        try {
            checkOpen();
            return (int) Math.min(Integer.MAX_VALUE, tables.chunks.size());
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Streams every chunk with its location, without building a whole-repository collection. Holds the read lock
     * throughout: {@code visitor} must not add to this index (it may look chunks up).
     */
    public void forEachChunk(BiConsumer<ChunkId, Location> visitor) {
        forEach(false, visitor);
    }

    /** As {@link #forEachChunk} for the chunks of removed packs. */
    public void forEachRemovedChunk(BiConsumer<ChunkId, Location> visitor) {
        forEach(true, visitor);
    }

    private void forEach(boolean removed, BiConsumer<ChunkId, Location> visitor) {
        readLock.lock();
        try {
            checkOpen();
            ChunkTable table = removed ? tables.removed : tables.chunks;
            if (table != null) {
                table.forEachSlot(slot -> visitor.accept(table.id(slot), location(table, slot)));
            }
        } finally {
            readLock.unlock();
        }
    }

    /** Chunk ids grouped by pack (a Java list per pack: for callers that need them all at once). */
    public Map<String, List<ChunkId>> chunksByPack() {
        Map<String, List<ChunkId>> result = new HashMap<>();
        forEachChunk((id, loc) -> result.computeIfAbsent(loc.packId(), k -> new ArrayList<>()).add(id));
        return result;
    }

    /** Chunk ids of removed packs, grouped by pack. */
    public Map<String, List<ChunkId>> removedChunksByPack() {
        Map<String, List<ChunkId>> result = new HashMap<>();
        forEachRemovedChunk((id, loc) -> result.computeIfAbsent(loc.packId(), k -> new ArrayList<>()).add(id));
        return result;
    }

    /** The scratch file holding the chunk table now (it changes when the table grows); for tests and diagnostics. */
    Path tableFile() {
        return locked(() -> tables.chunks.path());
    }

    long capacity() {
        return locked(() -> tables.chunks.capacity());
    }

    int rehashes() {
        return locked(() -> tables.chunks.rehashes());
    }

    private void checkOpen() {
        if (tables.closed) {
            throw new IllegalStateException("the chunk index is closed");
        }
    }

    /** Unmaps and deletes the index's files. Idempotent; any later use throws {@link IllegalStateException}. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            cleanable.clean();
        } finally {
            writeLock.unlock();
        }
    }
}
