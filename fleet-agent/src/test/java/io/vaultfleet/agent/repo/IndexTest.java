package io.vaultfleet.agent.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compact chunk index (decision 021): contract of {@link Index} over its memory-mapped table. */
class IndexTest {
    @TempDir
    Path dir;

    /** A deterministic, well-spread synthetic chunk id. */
    static ChunkId id(long n) {
        return new ChunkId(ChunkTable.hash(n, 1, 2, 3), ChunkTable.hash(n, 4, 5, 6), n, ~n);
    }

    static PackEntry entry(long n) {
        return new PackEntry(id(n), (int) (n & 1), (int) (n * 7), (int) (n % 100_000) + 40, (int) (n % 70_000) + 1);
    }

    static String pack(int n) {
        return String.format("%064x", n);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void findsWhatWasAddedWithEveryField() {
        try (Index index = new Index(dir)) {
            PackEntry big = new PackEntry(id(1), 1, 0xF000_0000, Integer.MAX_VALUE, 65_536);
            PackEntry plain = new PackEntry(id(2), 0, 0, 37, 5);
            index.addPack(pack(1), List.of(big, plain));
            assertThat(index.lookup(id(1))).isEqualTo(new Index.Location(pack(1), 1, 0xF000_0000, Integer.MAX_VALUE,
                    65_536));
            assertThat(index.lookup(id(2))).isEqualTo(new Index.Location(pack(1), 0, 0, 37, 5));
            assertThat(index.contains(id(2))).isTrue();
            assertThat(index.contains(id(3))).isFalse();
            assertThat(index.lookup(id(3))).isNull();
            assertThat(index.chunkCount()).isEqualTo(2);
            assertThat(index.hasPack(pack(1))).isTrue();
            assertThat(index.hasPack(pack(2))).isFalse();
            assertThat(index.packIds()).containsExactly(pack(1));
            assertThat(index.chunksByPack()).containsOnlyKeys(pack(1));
            assertThat(index.chunksByPack().get(pack(1))).containsExactlyInAnyOrder(id(1), id(2));
        }
    }

    @Test
    void aDuplicateChunkKeepsItsFirstLocation() {
        try (Index index = new Index(dir)) {
            index.addPack(pack(1), List.of(entry(5)));
            index.addPack(pack(2), List.of(new PackEntry(id(5), 0, 999, 999, 999), entry(6)));
            assertThat(index.lookup(id(5)).packId()).isEqualTo(pack(1));
            assertThat(index.lookup(id(5)).offset()).isEqualTo(entry(5).offset());
            assertThat(index.chunkCount()).isEqualTo(2);
            assertThat(index.packIds()).containsExactly(pack(1), pack(2));
        }
    }

    @Test
    void chunksOfRemovedPacksAreFoundOnlyAsRemoved() {
        try (Index index = new Index(dir)) {
            assertThat(index.lookupRemoved(id(1))).isNull();
            assertThat(index.removedChunksByPack()).isEmpty();
            index.addRemovedPack(pack(9), List.of(entry(1), entry(2)));
            index.addPack(pack(1), List.of(entry(2)));
            assertThat(index.contains(id(1))).isFalse();
            assertThat(index.lookup(id(1))).isNull();
            assertThat(index.lookupRemoved(id(1))).isEqualTo(new Index.Location(pack(9), entry(1).flags(),
                    entry(1).offset(), entry(1).sealedLength(), entry(1).plainLength()));
            assertThat(index.hasPack(pack(9))).isFalse();
            assertThat(index.packIds()).containsExactly(pack(1));
            assertThat(index.lookup(id(2)).packId()).isEqualTo(pack(1));
            assertThat(index.chunkCount()).isEqualTo(1);
            assertThat(index.removedChunksByPack()).containsOnlyKeys(pack(9));
            assertThat(index.removedChunksByPack().get(pack(9))).containsExactlyInAnyOrder(id(1), id(2));
        }
    }

    @Test
    void growsAcrossSeveralRehashesKeepingEveryEntryAndOneFile() throws IOException {
        try (Index index = new Index(dir, 64)) {
            int n = 100_000;
            for (int p = 0; p < 100; p++) {
                List<PackEntry> entries = new ArrayList<>();
                for (int i = p * 1000; i < (p + 1) * 1000; i++) {
                    entries.add(entry(i));
                }
                index.addPack(pack(p), entries);
            }
            assertThat(index.rehashes()).isGreaterThanOrEqualTo(11);
            assertThat(index.chunkCount()).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                Index.Location loc = index.lookup(id(i));
                assertThat(loc).isNotNull();
                assertThat(loc.packId()).isEqualTo(pack(i / 1000));
                assertThat(loc.offset()).isEqualTo(entry(i).offset());
                assertThat(loc.sealedLength()).isEqualTo(entry(i).sealedLength());
                assertThat(loc.plainLength()).isEqualTo(entry(i).plainLength());
                assertThat(loc.flags()).isEqualTo(entry(i).flags());
            }
            assertThat(index.contains(id(n))).isFalse();
            // each rehash deleted the file it left
            assertThat(files()).containsExactly(index.tableFile());
        }
    }

    @Test
    void idsThatAgreeInMostBitsOrCollideInTheTableStayApart() {
        try (Index index = new Index(dir, 64)) {
            // identical in three longs, differing in one bit of the last
            List<PackEntry> entries = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                entries.add(new PackEntry(new ChunkId(7, 7, 7, 1L << i), 0, i, 40, 1));
            }
            // identical low bits everywhere: only high bits differ
            for (int i = 0; i < 40; i++) {
                entries.add(new PackEntry(new ChunkId((long) i << 40, 0, 0, 0), 0, 100 + i, 40, 1));
            }
            index.addPack(pack(1), entries);
            for (PackEntry e : entries) {
                assertThat(index.lookup(e.id()).offset()).isEqualTo(e.offset());
            }
            assertThat(index.chunkCount()).isEqualTo(80);
        }
    }

    @Test
    void idsHashingToTheLastSlotWrapAroundToTheStart() {
        // found by search: ids whose hash lands on the table's last slot, so probing wraps to slot 0
        List<ChunkId> last = new ArrayList<>();
        for (long n = 0; last.size() < 20; n++) {
            if ((ChunkTable.hash(n, 0, 0, 0) & 63) == 63) {
                last.add(new ChunkId(n, 0, 0, 0));
            }
        }
        try (ChunkTable table = new ChunkTable(new IndexFiles(dir), 64)) {
            for (int i = 0; i < last.size(); i++) {
                assertThat(table.putIfAbsent(last.get(i), 0, 0, i, 1, 1)).isTrue();
            }
            assertThat(table.capacity()).isEqualTo(64);
            for (int i = 0; i < last.size(); i++) {
                assertThat(table.offset(table.slotOf(last.get(i)))).isEqualTo(i);
            }
            assertThat(table.putIfAbsent(last.get(3), 0, 0, 99, 1, 1)).isFalse();
            assertThat(table.slotOf(new ChunkId(-1, 0, 0, 0))).isEqualTo(-1);
        }
    }

    @Test
    void concurrentWritersAndReadersLoseNothing() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        try (Index index = new Index(dir, 64)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        // every thread also adds the shared ids 0..999 (a dedup race: one location wins)
                        for (int p = 0; p < perThread / 500; p++) {
                            List<PackEntry> entries = new ArrayList<>();
                            for (int i = 0; i < 500; i++) {
                                entries.add(entry(1000 + (long) thread * perThread + p * 500 + i));
                            }
                            entries.add(entry(p));
                            index.addPack(pack(thread * 1000 + p), entries);
                        }
                        return 0;
                    }));
                    Callable<Integer> reader = () -> {
                        int seen = 0;
                        for (int i = 0; i < perThread; i++) {
                            Index.Location loc = index.lookup(id(1000 + (long) thread * perThread + i));
                            if (loc != null) {
                                assertThat(loc.offset()).isEqualTo(entry(1000 + (long) thread * perThread + i)
                                        .offset());
                                seen++;
                            }
                        }
                        return seen;
                    };
                    results.add(pool.submit(reader));
                }
                for (Future<Integer> f : results) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(index.chunkCount()).isEqualTo(threads * perThread + perThread / 500);
            for (long i = 1000; i < 1000 + (long) threads * perThread; i++) {
                assertThat(index.contains(id(i))).isTrue();
            }
            Map<String, Integer> perPack = new HashMap<>();
            index.forEachChunk((id, loc) -> perPack.merge(loc.packId(), 1, Integer::sum));
            assertThat(perPack.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(index.chunkCount());
        }
    }

    @Test
    void readersAlwaysFindWhatWasThereWhileAWriterGrowsTheTable() throws Exception {
        try (Index index = new Index(dir, 64)) {
            List<PackEntry> early = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                early.add(entry(i));
            }
            index.addPack(pack(0), early);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                Future<Integer> writer = pool.submit(() -> {
                    // 60,000 more chunks: the table doubles ten times under the readers
                    for (int p = 1; p <= 60; p++) {
                        List<PackEntry> entries = new ArrayList<>();
                        for (int i = p * 1000; i < (p + 1) * 1000; i++) {
                            entries.add(entry(i));
                        }
                        index.addPack(pack(p), entries);
                    }
                    return 0;
                });
                List<Future<Integer>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    readers.add(pool.submit(() -> {
                        int rounds = 0;
                        while (!writer.isDone() || rounds == 0) {
                            for (int i = 0; i < 40; i++) {
                                Index.Location loc = index.lookup(id(i));
                                assertThat(loc).as("chunk %d during growth", i).isNotNull();
                                assertThat(loc.packId()).isEqualTo(pack(0));
                                assertThat(loc.offset()).isEqualTo(entry(i).offset());
                                assertThat(index.contains(id(i))).isTrue();
                            }
                            rounds++;
                        }
                        return rounds;
                    }));
                }
                writer.get();
                for (Future<Integer> f : readers) {
                    assertThat(f.get()).isPositive();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(index.rehashes()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void closeDeletesItsFilesAndLaterUseIsRefused() throws IOException {
        Index index = new Index(dir);
        index.addPack(pack(1), List.of(entry(1)));
        index.addRemovedPack(pack(2), List.of(entry(2)));
        assertThat(files()).hasSize(2);
        index.close();
        assertThat(files()).isEmpty();
        index.close();
        assertThatThrownBy(() -> index.lookup(id(1))).isInstanceOf(IllegalStateException.class)
                .hasMessage("the chunk index is closed");
        assertThatThrownBy(() -> index.addPack(pack(3), List.of(entry(3))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void flagsBeyondEightBitsAreRefusedByName() {
        try (Index index = new Index(dir)) {
            assertThatThrownBy(() -> index.addPack(pack(1), List.of(new PackEntry(id(1), 256, 0, 1, 1))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("chunk " + id(1) + " has flags 256 beyond the 8 bits the format defines");
            // a bad entry after good ones: nothing of the pack is added
            assertThatThrownBy(() -> index.addPack(pack(2), List.of(entry(3), new PackEntry(id(2), -1, 0, 1, 1))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has flags -1");
            assertThat(index.contains(id(3))).isFalse();
            assertThat(index.hasPack(pack(2))).isFalse();
            assertThat(index.chunkCount()).isZero();
        }
    }

    @Test
    void filesOfAProcessThatIsGoneAreDeletedByTheNextIndex() throws Exception {
        Process gone = new ProcessBuilder("sh", "-c", "exit 0").start();
        gone.waitFor();
        Path stale = Files.createFile(dir.resolve("chunks-" + gone.pid() + "-1.tbl"));
        Path ours = Files.createFile(dir.resolve("chunks-" + ProcessHandle.current().pid() + "-999999.tbl"));
        Path other = Files.createFile(dir.resolve("notes.txt"));
        assertThat(IndexFiles.sweep(dir)).isEqualTo(1);
        assertThat(stale).doesNotExist();
        assertThat(ours).exists();
        assertThat(other).exists();
    }

    @Test
    void atExitTheProcessDeletesOnlyItsOwnFiles() throws IOException {
        Index open = new Index(dir);
        Path other = Files.createFile(dir.resolve("chunks-1-1.tbl"));
        IndexFiles.deleteOwn(dir);
        assertThat(open.tableFile()).doesNotExist();
        assertThat(other).exists();
        open.close();
    }

    @Test
    void theFolderItMakesIsItsOwnersAlone() throws IOException {
        Path made = dir.resolve("new").resolve("index");
        new Index(made).close();
        assertThat(Files.getPosixFilePermissions(made)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
    }

    @Test
    void anIndexNobodyClosedIsDeletedOnceUnreachable() throws IOException {
        addOnePackAndDrop();
        assertThat(files()).hasSize(1);
        // the collector decides when; poll (bounded) instead of sleeping a fixed time
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            System.gc();
            return files().isEmpty();
        });
    }

    private void addOnePackAndDrop() {
        new Index(dir).addPack(pack(1), List.of(entry(1)));
    }

    /**
     * Loading makes room for each index file's live entries before adding them (decision 037): a table that doubled
     * as it filled held its predecessor beside it at each rehash (96 MiB and 48 MiB at 1,000,000 chunks). Entries of
     * packs retention clean-up removed do not count: index files keep naming them, and a table sized for them would
     * be resident for nothing.
     */
    @Test
    void loadingMakesRoomForEachIndexFilesLiveEntriesAtOnce() throws IOException {
        Repository repo = Repository.init(new io.vaultfleet.agent.store.FolderStore(dir.resolve("repo")),
                io.vaultfleet.agent.backup.RoundTripScenario.PASSPHRASE,
                io.vaultfleet.agent.backup.RoundTripScenario.CHEAP_KDF, "h");
        int perFile = 100_000;
        for (int f = 0; f < 2; f++) {
            List<PackEntry> entries = new ArrayList<>();
            for (int i = f * perFile; i < (f + 1) * perFile; i++) {
                entries.add(entry(i));
            }
            repo.writeIndex(Map.of(pack(f), entries));
        }
        repo.store().put(PackReader.blobName(pack(0)), new byte[] {1}); // stored; pack 1 was removed
        try (Repository.LoadedIndex loaded = repo.loadIndex()) {
            Index index = loaded.index();
            assertThat(index.chunkCount()).isEqualTo(perFile);
            // one growth, from the initial table straight to one that holds the live file, and no larger
            assertThat(index.rehashes()).isEqualTo(1);
            assertThat(index.capacity()).isEqualTo(1L << 18);
            assertThat(index.lookup(id(perFile - 1)).packId()).isEqualTo(pack(0));
            assertThat(index.lookupRemoved(id(perFile)).packId()).isEqualTo(pack(1));
        }
    }

    /** A damaged index file is refused whole, by name, before any of its packs reaches the index. */
    @Test
    void aDamagedIndexFileIsRefusedBeforeAnyPackIsVisited() throws IOException {
        Map<String, List<PackEntry>> packs = new java.util.LinkedHashMap<>();
        packs.put(pack(1), List.of(entry(1), entry(2)));
        packs.put(pack(2), List.of(entry(3)));
        byte[] plain = IndexFile.encode(packs);
        assertThat(IndexFile.decode("index/ok", plain)).isEqualTo(packs);
        List<String> visited = new ArrayList<>();
        byte[] truncated = java.util.Arrays.copyOf(plain, plain.length - 1);
        assertThatThrownBy(() -> IndexFile.visit("index/cut", truncated, (packId, e) -> visited.add(packId)))
                .isInstanceOf(IntegrityException.class).hasMessage("index/cut: entry count out of range");
        byte[] longer = java.util.Arrays.copyOf(plain, plain.length + 3);
        assertThatThrownBy(() -> IndexFile.visit("index/long", longer, (packId, e) -> visited.add(packId)))
                .isInstanceOf(IntegrityException.class).hasMessage("index/long: trailing bytes");
        byte[] headless = java.util.Arrays.copyOf(plain, 6);
        assertThatThrownBy(() -> IndexFile.visit("index/head", headless, (packId, e) -> visited.add(packId)))
                .isInstanceOf(IntegrityException.class).hasMessage("index/head: truncated");
        byte[] noPackId = java.util.Arrays.copyOf(plain, 8 + 10);
        assertThatThrownBy(() -> IndexFile.visit("index/id", noPackId, (packId, e) -> visited.add(packId)))
                .isInstanceOf(IntegrityException.class).hasMessage("index/id: truncated");
        assertThat(visited).isEmpty();
    }

    @Test
    void aLoadedIndexClosesItsIndex() throws IOException {
        Repository repo = Repository.init(new io.vaultfleet.agent.store.FolderStore(dir.resolve("repo")),
                io.vaultfleet.agent.backup.RoundTripScenario.PASSPHRASE,
                io.vaultfleet.agent.backup.RoundTripScenario.CHEAP_KDF, "h");
        repo.writeIndex(Map.of(pack(1), List.of(entry(1))));
        Index index;
        try (Repository.LoadedIndex loaded = repo.loadIndex()) {
            index = loaded.index();
            // the pack is named by an index file but not stored: found only as removed
            assertThat(loaded.absentPacks()).containsExactly(pack(1));
            assertThat(index.lookupRemoved(id(1)).packId()).isEqualTo(pack(1));
            assertThat(index.contains(id(1))).isFalse();
        }
        assertThatThrownBy(() -> index.lookupRemoved(id(1))).isInstanceOf(IllegalStateException.class);
    }
}
