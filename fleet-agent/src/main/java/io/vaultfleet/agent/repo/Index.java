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
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;

/**
 * Chunk → location, merged from all index files (plus packs adopted from their headers). Thread-safe.
 *
 * <p>The entries live in a {@link ChunkTable}, a memory-mapped scratch file of 48-byte slots, not on the Java heap
 * (decision 021): a backup of millions of chunks needs no heap for them. Pack ids are interned once (packs are 16+ MiB,
 * so there are few). Lookups share a read lock; adding a pack takes the write lock once for all its entries.
 *
 * <p>The index owns files: {@link #close()} unmaps and deletes them. An index nobody closed is cleaned when it becomes
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

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
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
        lock.writeLock().lock();
        try {
            checkOpen();
            int ordinal = intern(packId);
            livePacks.add(packId);
            for (PackEntry e : entries) {
                tables.chunks.putIfAbsent(e.id(), ordinal, e.flags(), e.offset(), e.sealedLength(), e.plainLength());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Records a pack that index files name but storage no longer has (removed by retention clean-up). Its chunks are
     * not {@link #contains contained} (nothing deduplicates against them); {@link #lookupRemoved} still finds them,
     * so damage reports can name the missing pack.
     */
    public void addRemovedPack(String packId, Collection<PackEntry> entries) {
        lock.writeLock().lock();
        try {
            checkOpen();
            int ordinal = intern(packId);
            ChunkTable removed = tables.removed();
            for (PackEntry e : entries) {
                removed.putIfAbsent(e.id(), ordinal, e.flags(), e.offset(), e.sealedLength(), e.plainLength());
            }
        } finally {
            lock.writeLock().unlock();
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
        lock.readLock().lock();
        try {
            checkOpen();
            return tables.removed == null ? null : locate(tables.removed, id);
        } finally {
            lock.readLock().unlock();
        }
    }

    public Location lookup(ChunkId id) {
        lock.readLock().lock();
        try {
            checkOpen();
            return locate(tables.chunks, id);
        } finally {
            lock.readLock().unlock();
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
        lock.readLock().lock();
        try {
            checkOpen();
            return tables.chunks.slotOf(id) >= 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    public boolean hasPack(String packId) {
        lock.readLock().lock();
        try {
            return livePacks.contains(packId);
        } finally {
            lock.readLock().unlock();
        }
    }

    public List<String> packIds() {
        lock.readLock().lock();
        try {
            return new ArrayList<>(livePacks);
        } finally {
            lock.readLock().unlock();
        }
    }

    public int chunkCount() {
        lock.readLock().lock();
        try {
            checkOpen();
            return (int) Math.min(Integer.MAX_VALUE, tables.chunks.size());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Streams every chunk with its location, without building a whole-repository collection. Holds the read lock
     * throughout: {@code visitor} must not add to this index.
     */
    public void forEachChunk(BiConsumer<ChunkId, Location> visitor) {
        forEach(false, visitor);
    }

    /** As {@link #forEachChunk} for the chunks of removed packs. */
    public void forEachRemovedChunk(BiConsumer<ChunkId, Location> visitor) {
        forEach(true, visitor);
    }

    private void forEach(boolean removed, BiConsumer<ChunkId, Location> visitor) {
        lock.readLock().lock();
        try {
            checkOpen();
            ChunkTable table = removed ? tables.removed : tables.chunks;
            if (table != null) {
                table.forEachSlot(slot -> visitor.accept(table.id(slot), location(table, slot)));
            }
        } finally {
            lock.readLock().unlock();
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
        lock.readLock().lock();
        try {
            return tables.chunks.path();
        } finally {
            lock.readLock().unlock();
        }
    }

    int rehashes() {
        lock.readLock().lock();
        try {
            return tables.chunks.rehashes();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkOpen() {
        if (tables.closed) {
            throw new IllegalStateException("the chunk index is closed");
        }
    }

    /** Unmaps and deletes the index's files. Idempotent; any later use throws {@link IllegalStateException}. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            cleanable.clean();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
