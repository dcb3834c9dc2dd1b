package io.vaultfleet.agent.repair;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.IntegrityException;
import io.vaultfleet.agent.repo.Quarantine;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.Snapshot;

/**
 * {@code repair snapshots}: every recovery point either restores completely or is replaced.
 * <ul>
 * <li>A recovery point that does not read (header or nodes fail authentication) is set aside; nothing of it can be
 * restored, and it no longer hides the others.</li>
 * <li>A recovery point that needs chunks no stored pack holds is rewritten without them: a new recovery point with
 * the same time, host, item and paths, where each damaged file keeps the chunks that survive (so it restores shorter,
 * as restic's {@code repair snapshots} does) and a file with nothing left is dropped; every such file is reported
 * with what it lost. The original is then set aside, so {@code list} and {@code restore latest} see the repaired one
 * in its place.</li>
 * </ul>
 * Run after {@link IndexRepair}: packs it set aside count as lost here.
 */
public final class SnapshotRepair {
    private SnapshotRepair() {
    }

    public static void run(Repository repo, RepairReport report) throws IOException {
        try (Repository.LoadedIndex loaded = repo.loadIndex()) {
            Index index = loaded.index();
            // packs no index names yet still hold readable chunks
            repo.adoptUnindexedPacks(index, new ArrayList<>());
            for (String id : repo.snapshotIds()) {
                Snapshot snapshot;
                try {
                    snapshot = repo.readSnapshot(id);
                } catch (IntegrityException e) {
                    report.did(Quarantine.setAside(repo.store(), Repository.SNAPSHOTS + id, e.getMessage()));
                    report.lost("recovery point " + id.substring(0, 12) + " cannot be read (" + e.getMessage()
                            + "): nothing of it can be restored");
                    continue;
                }
                rewriteIfDamaged(repo, index, id, snapshot, report);
            }
        }
    }

    private static void rewriteIfDamaged(Repository repo, Index index, String id, Snapshot snapshot,
            RepairReport report) throws IOException {
        List<Snapshot.Node> kept = new ArrayList<>(snapshot.nodes().size());
        List<String> fileLosses = new ArrayList<>();
        Set<String> packs = new TreeSet<>();
        long files = 0;
        long dirs = 0;
        long others = 0;
        long total = 0;
        for (Snapshot.Node n : snapshot.nodes()) {
            Snapshot.Node node = n;
            if (n.type() == Snapshot.Type.FILE) {
                List<ChunkId> surviving = new ArrayList<>(n.chunks().size());
                long size = 0;
                for (ChunkId c : n.chunks()) {
                    Index.Location loc = index.lookup(c);
                    if (loc != null) {
                        surviving.add(c);
                        size += loc.plainLength();
                        packs.add(loc.packId());
                    }
                }
                if (surviving.size() < n.chunks().size()) {
                    int lost = n.chunks().size() - surviving.size();
                    if (surviving.isEmpty()) {
                        fileLosses.add(n.path() + ": all " + lost + " chunk(s), " + n.size()
                                + " bytes, are lost; the file is left out of the repaired recovery point");
                        continue;
                    }
                    fileLosses.add(n.path() + ": " + lost + " of " + n.chunks().size() + " chunk(s) lost, "
                            + (n.size() - size) + " of " + n.size() + " bytes; the " + size
                            + " bytes that survive are kept (the file restores shorter)");
                    node = new Snapshot.Node(n.path(), n.type(), n.mode(), n.uid(), n.gid(), n.user(), n.group(),
                            n.mtime(), n.atime(), n.ctime(), n.inode(), size, n.target(), n.device(),
                            List.copyOf(surviving));
                }
            }
            switch (node.type()) {
                case FILE -> {
                    files++;
                    total += node.size();
                }
                case DIR -> dirs++;
                default -> others++;
            }
            kept.add(node);
        }
        if (fileLosses.isEmpty()) {
            return;
        }
        Snapshot.Stats old = snapshot.stats();
        Snapshot.Stats stats = new Snapshot.Stats(files, dirs, others, total, 0, total, 0, 0,
                old.warnings() + fileLosses.size());
        Snapshot repaired = new Snapshot(snapshot.version(), snapshot.time(), snapshot.host(), snapshot.item(),
                snapshot.paths(), snapshot.parent(), stats, List.copyOf(packs), kept);
        String newId = repo.writeSnapshot(repaired);
        report.did("wrote recovery point " + newId.substring(0, 12) + " in place of " + id.substring(0, 12) + " ("
                + snapshot.item() + ", " + snapshot.time() + ") without the " + fileLosses.size()
                + " file(s)' lost chunks");
        report.did(Quarantine.setAside(repo.store(), Repository.SNAPSHOTS + id, "replaced by " + newId));
        for (String loss : fileLosses) {
            report.lost("recovery point " + id.substring(0, 12) + ": " + loss);
        }
    }
}
