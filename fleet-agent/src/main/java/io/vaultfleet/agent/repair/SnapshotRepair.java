package io.vaultfleet.agent.repair;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import io.vaultfleet.agent.repo.SnapshotSegments;

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
                // a first pass finds what is lost, node by node (a segment at a time, decision 032)
                Pass pass = new Pass(index);
                Snapshot header;
                try {
                    header = repo.readSnapshot(id, pass::apply);
                } catch (IntegrityException e) {
                    report.did(Quarantine.setAside(repo.store(), Repository.SNAPSHOTS + id, e.getMessage()));
                    report.lost("recovery point " + id.substring(0, 12) + " cannot be read (" + e.getMessage()
                            + "): nothing of it can be restored");
                    continue;
                }
                if (!pass.fileLosses.isEmpty()) {
                    rewrite(repo, index, id, header, pass, report);
                }
            }
        }
    }

    /** What one reading of a point finds: each node as it is kept (or null: dropped), the losses and the totals. */
    private static final class Pass {
        final Index index;
        final List<String> fileLosses = new ArrayList<>();
        final Set<String> packs = new TreeSet<>();
        long files;
        long dirs;
        long others;
        long total;

        Pass(Index index) {
            this.index = index;
        }

        Snapshot.Node apply(Snapshot.Node n) {
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
                        return null;
                    }
                    fileLosses.add(n.path() + ": " + lost + " of " + n.chunks().size() + " chunk(s) lost, "
                            + (n.size() - size) + " of " + n.size() + " bytes; the " + size
                            + " bytes that survive are kept (the file restores shorter)");
                    node = new Snapshot.Node(n.path(), n.type(), n.mode(), n.uid(), n.gid(), n.user(), n.group(),
                            n.mtime(), n.atime(), n.ctime(), n.inode(), size, n.target(), List.copyOf(surviving),
                            n.extra());
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
            return node;
        }
    }

    /**
     * Writes the repaired point: version 3 and 4 points as a version 4 point, streamed (read again node by node,
     * each kept node written to a segment); version 2 points (which may repeat a path) in their own version, whole.
     */
    private static void rewrite(Repository repo, Index index, String id, Snapshot header, Pass found,
            RepairReport report) throws IOException {
        Snapshot.Stats old = header.stats();
        Snapshot.Stats stats = new Snapshot.Stats(found.files, found.dirs, found.others, found.total, 0, found.total,
                0, 0, old.warnings() + found.fileLosses.size());
        Snapshot repaired = new Snapshot(header.version() < 3 ? header.version() : Snapshot.VERSION, header.time(),
                header.host(), header.item(), header.paths(), header.parent(), stats, List.copyOf(found.packs),
                List.of());
        String newId;
        if (header.version() < 3) {
            List<Snapshot.Node> kept = new ArrayList<>();
            Pass again = new Pass(index);
            repo.readSnapshot(id, n -> {
                Snapshot.Node k = again.apply(n);
                if (k != null) {
                    kept.add(k);
                }
            });
            newId = repo.writeSnapshot(new Snapshot(repaired.version(), repaired.time(), repaired.host(),
                    repaired.item(), repaired.paths(), repaired.parent(), stats, repaired.packs(), kept));
        } else {
            Path file = Files.createTempFile("vaultfleet-repair-", ".tmp");
            try {
                SnapshotSegments.Written written;
                try (SnapshotSegments.Writer writer = new SnapshotSegments.Writer(repo.crypto(), repaired, file)) {
                    Pass again = new Pass(index);
                    repo.readSnapshot(id, n -> {
                        Snapshot.Node k = again.apply(n);
                        if (k != null) {
                            try {
                                writer.add(k);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    });
                    written = writer.finish();
                } catch (IntegrityException e) {
                    if (e.getCause() instanceof UncheckedIOException u) {
                        throw u.getCause();
                    }
                    throw e;
                }
                repo.store().putFile(Repository.SNAPSHOTS + written.id(), file);
                newId = written.id();
            } finally {
                Files.deleteIfExists(file);
            }
        }
        report.did("wrote recovery point " + newId.substring(0, 12) + " in place of " + id.substring(0, 12) + " ("
                + header.item() + ", " + header.time() + ") without the " + found.fileLosses.size()
                + " file(s)' lost chunks");
        report.did(Quarantine.setAside(repo.store(), Repository.SNAPSHOTS + id, "replaced by " + newId));
        for (String loss : found.fileLosses) {
            report.lost("recovery point " + id.substring(0, 12) + ": " + loss);
        }
    }
}
