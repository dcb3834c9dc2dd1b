package io.vaultfleet.agent.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.Snapshot;

/**
 * A file with more than one hard link is read once per backup: the first of its paths the walk meets is read, and
 * the others (same device and inode) take that read's chunks — recorded at once when it has ended, or when it ends.
 * Memory: one small record per file with more than one link, nothing for the others. If the read fails, the paths
 * that waited for it are handed back to be reported; later ones are read on their own.
 */
final class HardLinkReads {
    private record Key(long device, long inode) {
    }

    private static final class Group {
        boolean claimed;
        boolean done;
        boolean failed;
        long size;
        List<ChunkId> chunks;
        List<Snapshot.Node> waiting = new ArrayList<>();
    }

    private final Map<Key, Group> groups = new ConcurrentHashMap<>();

    private static Key key(Snapshot.Node n) {
        return new Key(n.fsDevice(), n.inode());
    }

    /**
     * Whether the caller must read this file: true for a file with one link, for the first path of an inode, and
     * after the first read failed; false when the node is taken care of ({@code record}ed now, or when the read
     * ends).
     */
    boolean mustRead(Snapshot.Node node, Consumer<Snapshot.Node> record) {
        if (node.links() <= 1) {
            return true;
        }
        Group g = groups.computeIfAbsent(key(node), k -> new Group());
        long size;
        List<ChunkId> chunks;
        synchronized (g) {
            if (!g.claimed) {
                g.claimed = true;
                return true;
            }
            if (!g.done) {
                g.waiting.add(node);
                return false;
            }
            if (g.failed) {
                return true;
            }
            size = g.size;
            chunks = g.chunks;
        }
        record.accept(node.withContent(size, chunks));
        return false;
    }

    /** The read of {@code node} ended with these chunks: the paths that waited for it are recorded with them. */
    void read(Snapshot.Node node, long size, List<ChunkId> chunks, Consumer<Snapshot.Node> record) {
        Group g = node.links() > 1 ? groups.get(key(node)) : null;
        if (g == null) {
            return;
        }
        List<Snapshot.Node> waiting;
        synchronized (g) {
            g.done = true;
            g.size = size;
            g.chunks = chunks;
            waiting = g.waiting;
            g.waiting = List.of();
        }
        waiting.forEach(w -> record.accept(w.withContent(size, chunks)));
    }

    /** The read of {@code node} failed: the paths that waited for it, to be reported as not backed up. */
    List<Snapshot.Node> failed(Snapshot.Node node) {
        Group g = node.links() > 1 ? groups.get(key(node)) : null;
        if (g == null) {
            return List.of();
        }
        synchronized (g) {
            g.done = true;
            g.failed = true;
            List<Snapshot.Node> waiting = g.waiting;
            g.waiting = List.of();
            return waiting;
        }
    }
}
