package io.vaultfleet.agent.repo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory chunk → location map, merged from all index files (plus packs adopted from their headers). Thread-safe. */
public final class Index {
    /** Where a chunk is. */
    public record Location(String packId, int flags, int offset, int sealedLength, int plainLength) {
    }

    private final Map<ChunkId, Location> chunks = new ConcurrentHashMap<>();
    private final Map<String, Boolean> packs = new ConcurrentHashMap<>();
    private final Map<ChunkId, Location> removed = new ConcurrentHashMap<>();

    public void addPack(String packId, Collection<PackEntry> entries) {
        packs.put(packId, Boolean.TRUE);
        for (PackEntry e : entries) {
            chunks.putIfAbsent(e.id(), new Location(packId, e.flags(), e.offset(), e.sealedLength(), e.plainLength()));
        }
    }

    /**
     * Records a pack that index files name but storage no longer has (removed by retention clean-up). Its chunks are
     * not {@link #contains contained} (nothing deduplicates against them); {@link #lookupRemoved} still finds them,
     * so damage reports can name the missing pack.
     */
    public void addRemovedPack(String packId, Collection<PackEntry> entries) {
        for (PackEntry e : entries) {
            removed.putIfAbsent(e.id(), new Location(packId, e.flags(), e.offset(), e.sealedLength(), e.plainLength()));
        }
    }

    /** Where a chunk was, in a pack that is no longer stored; null when no removed pack held it. */
    public Location lookupRemoved(ChunkId id) {
        return removed.get(id);
    }

    /** Chunk ids of removed packs, grouped by pack. */
    public Map<String, List<ChunkId>> removedChunksByPack() {
        Map<String, List<ChunkId>> result = new HashMap<>();
        removed.forEach((id, loc) -> result.computeIfAbsent(loc.packId(), k -> new ArrayList<>()).add(id));
        return result;
    }

    public Location lookup(ChunkId id) {
        return chunks.get(id);
    }

    public boolean contains(ChunkId id) {
        return chunks.containsKey(id);
    }

    public boolean hasPack(String packId) {
        return packs.containsKey(packId);
    }

    public List<String> packIds() {
        return new ArrayList<>(packs.keySet());
    }

    public int chunkCount() {
        return chunks.size();
    }

    /** Chunk ids grouped by pack. */
    public Map<String, List<ChunkId>> chunksByPack() {
        Map<String, List<ChunkId>> result = new HashMap<>();
        chunks.forEach((id, loc) -> result.computeIfAbsent(loc.packId(), k -> new ArrayList<>()).add(id));
        return result;
    }
}
