package io.vaultfleet.agent.verify;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.ChunkSealer;
import io.vaultfleet.agent.repo.Crypto;
import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.IntegrityException;
import io.vaultfleet.agent.repo.KeyFile;
import io.vaultfleet.agent.repo.PackEntry;
import io.vaultfleet.agent.repo.PackReader;
import io.vaultfleet.agent.repo.Quarantine;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.RepositoryLocation;
import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.agent.store.BlobInfo;
import io.vaultfleet.agent.store.BlobNotFoundException;
import io.vaultfleet.agent.store.TempFile;

/** Checks a repository; see the package description. */
public final class Verifier {
    private static final int MAX_FILES_NAMED = 20;
    private final Repository repo;
    /** One for the whole run: its per-thread buffers are reused from pack to pack. */
    private final ChunkSealer sealer;

    public Verifier(Repository repo) {
        this.repo = repo;
        this.sealer = repo.newSealer();
    }

    /**
     * Which recovery points' files use some chunks, found when a problem needs naming by reading the points again
     * node by node: keeping "point:path" for every chunk of every point up front was one set per chunk, the largest
     * thing verify held (decision 022).
     */
    private final class Users {
        private final List<String> snapshotIds;

        Users(List<String> snapshotIds) {
            this.snapshotIds = snapshotIds;
        }

        synchronized String describe(List<ChunkId> chunks) {
            Set<ChunkId> wanted = new HashSet<>(chunks);
            Set<String> files = new TreeSet<>();
            if (!wanted.isEmpty()) {
                for (String id : snapshotIds) {
                    try {
                        repo.decodeSnapshot(id, repo.readSnapshotBlob(id), n -> {
                            for (ChunkId c : n.chunks()) {
                                if (wanted.contains(c)) {
                                    files.add(id.substring(0, 8) + ":" + FileNames.display(n.path()));
                                    break;
                                }
                            }
                        });
                    } catch (IOException e) {
                        // reported when the point was first read (or unreadable since): it names nobody here
                    }
                }
            }
            if (files.isEmpty()) {
                return "no recovery point uses it";
            }
            List<String> list = new ArrayList<>(files);
            String shown = String.join(", ", list.subList(0, Math.min(MAX_FILES_NAMED, list.size())));
            return "affects " + files.size() + " file(s): " + shown + (list.size() > MAX_FILES_NAMED ? ", …" : "");
        }
    }

    public VerifyReport verify(boolean readData, int threads) throws IOException, InterruptedException {
        try (Repository.LoadedIndex loaded = repo.loadIndex()) {
            return verify(loaded, readData, threads);
        }
    }

    private VerifyReport verify(Repository.LoadedIndex loaded, boolean readData, int threads)
            throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Index index = loaded.index();
        problems.addAll(loaded.damagedIndexFiles());
        Map<String, Long> stored = repo.storedPacks();

        List<String> unreadable = new ArrayList<>();
        Map<String, List<PackEntry>> unindexed = repo.adoptUnindexedPacks(index, unreadable);
        if (!unindexed.isEmpty()) {
            String msg = unindexed.size() + " stored pack(s) are in no readable index; their headers are intact, "
                    + "so restore still finds their chunks (the next backup re-indexes them): "
                    + String.join(", ", unindexed.keySet().stream().map(id -> id.substring(0, 12)).toList());
            (loaded.damagedIndexFiles().isEmpty() ? notes : problems).add(msg);
        }
        problems.addAll(unreadable);
        problems.addAll(truncatedPacks(index, stored));
        problems.addAll(damagedKeyFiles());
        notes.addAll(storageNotes());

        // chunks only packs that are gone held: whether a recovery point still names one decides problem or note
        Set<ChunkId> onlyRemoved = new HashSet<>();
        index.removedChunksByPack().values().forEach(list -> list.stream().filter(c -> !index.contains(c))
                .forEach(onlyRemoved::add));
        Set<ChunkId> removedInUse = new HashSet<>();
        List<String> snapshotIds = repo.snapshotIds();
        List<String> readableIds = new ArrayList<>();
        for (String id : snapshotIds) {
            Map<String, List<String>> missingByFile = new LinkedHashMap<>();
            RepeatedPaths repeatedPaths = new RepeatedPaths();
            List<String> repeated;
            try {
                // version 3 nodes are refused when a path repeats; only version 2 points need the set of paths
                boolean version2 = repo.readSnapshotHeader(id).version() < 3;
                repo.decodeSnapshot(id, repo.readSnapshotBlob(id), n -> {
                    if (version2) {
                        repeatedPaths.add(n);
                    }
                    for (ChunkId c : n.chunks()) {
                        if (!index.contains(c)) {
                            if (onlyRemoved.contains(c)) {
                                removedInUse.add(c);
                            } else if (index.lookupRemoved(c) == null) {
                                missingByFile.computeIfAbsent(FileNames.display(n.path()), k -> new ArrayList<>())
                                        .add(c.hex().substring(0, 12));
                            }
                        }
                    }
                });
                repeated = repeatedPaths.found();
            } catch (IntegrityException e) {
                problems.add(e.getMessage());
                continue;
            }
            readableIds.add(id);
            if (!repeated.isEmpty()) {
                // version 2 points turned names that were not UTF-8 into U+FFFD: two files could become one path
                problems.add("snapshot " + id.substring(0, 8) + ": " + repeated.size() + " path(s) appear more than "
                        + "once, a restore brings back only one file for each: " + String.join(", ", repeated));
            }
            if (!missingByFile.isEmpty()) {
                problems.add("snapshot " + id.substring(0, 8) + ": " + missingByFile.size()
                        + " file(s) need chunks found in no index or pack: "
                        + String.join(", ", missingByFile.keySet()));
            }
        }
        Users u = new Users(readableIds);
        Map<String, List<ChunkId>> byPack = index.chunksByPack();
        for (String packId : index.packIds()) {
            if (!stored.containsKey(packId)) {
                problems.add("pack " + packId + " is missing; " + u.describe(byPack.getOrDefault(packId, List.of())));
            }
        }
        // packs index files name that are gone: a problem when a recovery point still needs them, else what
        // retention clean-up leaves behind (index files are immutable; their entries for these packs are ignored)
        List<String> unused = new ArrayList<>();
        index.removedChunksByPack().forEach((packId, chunks) -> {
            List<ChunkId> needed = chunks.stream().filter(removedInUse::contains).toList();
            if (needed.isEmpty()) {
                unused.add(packId.substring(0, 12));
            } else {
                problems.add("pack " + packId + " is missing; " + u.describe(needed));
            }
        });
        if (!unused.isEmpty()) {
            unused.sort(null);
            notes.add(unused.size() + " pack(s) named by index files are no longer stored (removed by retention "
                    + "clean-up) and no recovery point needs them: " + String.join(", ", unused.subList(0,
                    Math.min(10, unused.size()))) + (unused.size() > 10 ? ", …" : ""));
        }
        AtomicLong bytesRead = new AtomicLong();
        if (readData) {
            ConcurrentLinkedQueue<String> found = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
            try {
                List<Future<?>> tasks = new ArrayList<>();
                for (String packId : stored.keySet()) {
                    tasks.add(pool.submit(() -> {
                        checkPack(packId, byPack, u, found, bytesRead);
                        return null;
                    }));
                }
                for (Future<?> f : tasks) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        throw new IOException(e.getCause());
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            List<String> sorted = new ArrayList<>(found);
            sorted.sort(null);
            problems.addAll(sorted);
        }
        return new VerifyReport(snapshotIds.size(), repo.indexNames().size(), stored.size(), index.chunkCount(),
                bytesRead.get(), problems, notes);
    }

    /**
     * Stored packs shorter than their index entries need (a cheap check from the listing's sizes: an interrupted copy
     * or storage that lost a tail); {@code --read-data} finds damage inside a pack.
     */
    private List<String> truncatedPacks(Index index, Map<String, Long> stored) {
        Map<String, Long> needed = new HashMap<>();
        index.chunksByPack().forEach((packId, chunks) -> {
            long end = 0;
            for (ChunkId c : chunks) {
                Index.Location loc = index.lookup(c);
                end = Math.max(end, (loc.offset() & 0xffffffffL) + loc.sealedLength());
            }
            needed.put(packId, end);
        });
        List<String> found = new ArrayList<>();
        needed.forEach((packId, end) -> {
            Long size = stored.get(packId);
            if (size != null && size < end + 4 + Crypto.OVERHEAD) {
                found.add("pack " + packId + " is truncated (" + size + " bytes stored, its chunks end at byte " + end
                        + "); 'fleet-agent repair' sets it aside and rewrites the recovery points that need it");
            }
        });
        found.sort(null);
        return found;
    }

    /** Key files that do not parse: a passphrase only they opened no longer opens the repository. */
    private List<String> damagedKeyFiles() throws IOException {
        List<String> found = new ArrayList<>();
        for (BlobInfo key : RepositoryLocation.keyFiles(repo.store())) {
            try {
                KeyFile.fromJson(repo.store().get(key.name()));
            } catch (RuntimeException e) {
                found.add("key file " + key.name() + " does not parse (" + key.size() + " bytes): a passphrase only "
                        + "it opened no longer opens the repository; 'fleet-agent repair' sets it aside");
            }
        }
        return found;
    }

    /** What does not damage the repository but is worth knowing: blobs set aside, unfinished writes. */
    private List<String> storageNotes() throws IOException {
        List<String> found = new ArrayList<>();
        Set<String> quarantined = Quarantine.names(repo.store());
        if (!quarantined.isEmpty()) {
            found.add(quarantined.size() + " damaged or replaced blob(s) were set aside by repair (under "
                    + Repository.QUARANTINE + ") and are ignored: " + String.join(", ",
                    new TreeSet<>(quarantined).stream().limit(10).toList()) + (quarantined.size() > 10 ? ", …" : ""));
        }
        var temps = repo.store().listTemporary("");
        if (!temps.isEmpty()) {
            long bytes = temps.stream().mapToLong(TempFile::size).sum();
            found.add(temps.size() + " temporary file(s) of unfinished writes, " + bytes + " bytes, left by an "
                    + "interrupted backup; the console's retention clean-up (or 'fleet-agent repair' on a folder) "
                    + "removes them once they are old enough not to be a write in progress");
        }
        return found;
    }

    private void checkPack(String packId, Map<String, List<ChunkId>> byPack, Users users, ConcurrentLinkedQueue<String> found,
            AtomicLong bytesRead) throws IOException {
        byte[] pack;
        try {
            pack = repo.store().get(PackReader.blobName(packId));
        } catch (BlobNotFoundException e) {
            return;
        }
        bytesRead.addAndGet(pack.length);
        List<ChunkId> expected = byPack.getOrDefault(packId, List.of());
        try {
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pack));
            if (!actual.equals(packId)) {
                found.add("pack " + packId + " content does not match its name (damaged or tampered)");
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<PackEntry> entries;
        try {
            entries = PackReader.readHeader(repo.crypto(), packId, pack);
        } catch (IntegrityException e) {
            found.add(e.getMessage() + "; " + users.describe(expected));
            return;
        }
        List<ChunkId> bad = new ArrayList<>();
        for (PackEntry e : entries) {
            try {
                // authenticated and checked against its id; the plaintext itself is not needed
                sealer.openReusing(e.id(), e.flags(), e.plainLength(), pack, e.offset(), e.sealedLength());
            } catch (IntegrityException ex) {
                bad.add(e.id());
            }
        }
        if (!bad.isEmpty()) {
            found.add("pack " + packId + ": " + bad.size() + " of " + entries.size()
                    + " chunk(s) fail authentication; " + users.describe(bad));
        }
    }

    /** Paths held by more than one node (shown escaped), sorted. */
    static List<String> repeatedPaths(List<Snapshot.Node> nodes) {
        RepeatedPaths repeated = new RepeatedPaths();
        nodes.forEach(repeated::add);
        return repeated.found();
    }

    /** Paths seen more than once among the nodes added (version 2 points; version 3 refuses them when decoding). */
    static final class RepeatedPaths {
        private final Set<String> seen = new HashSet<>();
        private final Set<String> repeated = new TreeSet<>();

        void add(Snapshot.Node n) {
            if (!seen.add(n.path())) {
                repeated.add(FileNames.display(n.path()));
            }
        }

        List<String> found() {
            return List.copyOf(repeated);
        }
    }
}
