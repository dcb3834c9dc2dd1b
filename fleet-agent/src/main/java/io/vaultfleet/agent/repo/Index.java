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

    public void addPack(String packId, Collection<PackEntry> entries) {
        packs.put(packId, Boolean.TRUE);
        for (PackEntry e : entries) {
            chunks.putIfAbsent(e.id(), new Location(packId, e.flags(), e.offset(), e.sealedLength(), e.plainLength()));
        }
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
