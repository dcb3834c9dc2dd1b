package io.vaultfleet.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.repo.ChunkSealer;
import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.PackReader;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.BlobInfo;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.agent.store.ForwardingStore;

class PackerTest {
    private static final int CHUNK = 1 << 20;

    @TempDir
    Path work;

    /** A store slower than the sealers: packs wait, and the sealers with them, instead of piling up on disk. */
    @Test
    void aSlowStoreHoldsTheSealersBackWithOnePackPerUploaderPlusOne() throws Exception {
        CountDownLatch storeMayGoOn = new CountDownLatch(1);
        AtomicInteger uploadsWaiting = new AtomicInteger();
        ForwardingStore slow = new ForwardingStore(new FolderStore(work.resolve("repo"))) {
            @Override
            public void putFile(String name, Path file) throws IOException {
                if (name.startsWith(Repository.PACKS)) {
                    uploadsWaiting.incrementAndGet();
                    try {
                        storeMayGoOn.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                super.putFile(name, file);
            }
        };
        Repository repo = Repository.init(slow, RoundTripScenario.PASSPHRASE, RoundTripScenario.CHEAP_KDF, "h");
        int packTarget = repo.config().packTargetSize();
        int chunksPerSealer = 6 * packTarget / CHUNK; // twelve packs' worth in all: far more than may wait in memory
        Index index = new Index();
        List<Thread> sealerThreads = new CopyOnWriteArrayList<>();
        ExecutorService sealers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "test-sealer");
            sealerThreads.add(t);
            return t;
        });
        try (Packer packer = new Packer(repo, index, BackupListener.NONE, 2)) {
            List<Future<?>> sealing = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                int seed = s;
                sealing.add(sealers.submit(() -> {
                    ChunkSealer sealer = new ChunkSealer(repo.crypto(), 1);
                    SplittableRandom random = new SplittableRandom(seed);
                    byte[] data = new byte[CHUNK];
                    for (int i = 0; i < chunksPerSealer; i++) {
                        random.nextBytes(data);
                        packer.add(sealer.seal(repo.crypto().chunkId(data, 0, CHUNK), data, 0, CHUNK));
                    }
                    return null;
                }));
            }
            // both uploads are stuck and one finished pack is queued: the sealers wait (for queue space, for a buffer,
            // or for the packer's lock); one pack per uploader plus one exist (decisions 033, 034). Once both are
            // parked nothing can move until the store goes on, so the count read then is final
            waitUntil(() -> uploadsWaiting.get() == 2 && sealerThreads.size() == 2
                    && sealerThreads.stream().allMatch(PackerTest::parked));
            assertThat(sealing).noneMatch(Future::isDone);
            assertThat(packer.mostPacksAtOnce()).isEqualTo(3);
            try (Stream<Path> files = Files.list(packer.folder())) {
                assertThat(files.count()).as("pack files on disk while the store waits").isEqualTo(3);
            }

            storeMayGoOn.countDown();
            for (Future<?> f : sealing) {
                f.get(60, TimeUnit.SECONDS);
            }
            packer.finish();
            assertThat(packer.mostPacksAtOnce()).isEqualTo(3);
            assertThat(index.chunkCount()).isEqualTo(2 * chunksPerSealer);
            assertThat(packer.packsUploaded()).isEqualTo(repo.store().list(Repository.PACKS).size())
                    .isGreaterThanOrEqualTo(10);
            try (Stream<Path> files = Files.list(packer.folder())) {
                assertThat(files.count()).as("every uploaded pack's file deleted").isZero();
            }
            // every stored pack reads back whole: its name is the SHA-256 computed while it was written
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (BlobInfo blob : repo.store().list(Repository.PACKS)) {
                byte[] bytes = repo.store().get(blob.name());
                String id = HexFormat.of().formatHex(sha256.digest(bytes));
                assertThat(blob.name()).isEqualTo(PackReader.blobName(id));
                assertThat(PackReader.readHeader(repo.crypto(), id, bytes)).isNotEmpty();
            }
        } finally {
            sealers.shutdownNow();
        }
    }

    /** Tiny chunks fill packs by count before size: no pack lists more than {@link Packer#MAX_ENTRIES} chunks. */
    @Test
    void aPackOfTinyChunksEndsAtItsEntryLimit() throws Exception {
        Index index = new Index();
        int chunks = Packer.MAX_ENTRIES + 1_000;
        Repository repo = packTinyChunks(index, chunks);
        List<BlobInfo> packs = repo.store().list(Repository.PACKS);
        assertThat(packs).hasSize(2);
        long listed = 0;
        for (BlobInfo blob : packs) {
            byte[] bytes = repo.store().get(blob.name());
            String id = blob.name().substring(blob.name().lastIndexOf('/') + 1);
            int entries = PackReader.readHeader(repo.crypto(), id, bytes).size();
            assertThat(entries).isLessThanOrEqualTo(Packer.MAX_ENTRIES);
            listed += entries;
        }
        assertThat(listed).isEqualTo(chunks);
        assertThat(index.chunkCount()).isEqualTo(chunks);
    }

    /**
     * Packs of tiny chunks reach an index file's entry limit long before {@link Packer#INDEX_EVERY} packs: sixteen
     * full packs made one index file of 1,048,576 entries, held on the heap until it was written and decoded whole
     * by every later run. Every index file now stays near {@link Packer#INDEX_MAX_ENTRIES}, and together they name
     * every chunk once.
     */
    @Test
    void indexFilesOfTinyChunksEndAtTheirEntryLimit() throws Exception {
        Index index = new Index();
        int chunks = Packer.INDEX_MAX_ENTRIES + Packer.MAX_ENTRIES + 1_000;
        Repository repo = packTinyChunks(index, chunks);
        List<BlobInfo> indexFiles = repo.store().list(Repository.INDEX);
        assertThat(indexFiles).as("index files").hasSize(2);
        long named = 0;
        for (BlobInfo blob : indexFiles) {
            long entries = repo.readIndexFile(blob.name()).values().stream().mapToLong(List::size).sum();
            assertThat(entries).isLessThanOrEqualTo(Packer.INDEX_MAX_ENTRIES);
            named += entries;
        }
        assertThat(named).isEqualTo(chunks);
        try (Repository.LoadedIndex loaded = repo.loadIndex()) {
            assertThat(loaded.index().chunkCount()).isEqualTo(chunks);
            assertThat(loaded.damagedIndexFiles()).isEmpty();
        }
    }

    /** A new repository with {@code chunks} distinct 8-byte chunks packed and indexed through one packer. */
    private Repository packTinyChunks(Index index, int chunks) throws Exception {
        Repository repo = Repository.init(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE,
                RoundTripScenario.CHEAP_KDF, "h");
        try (Packer packer = new Packer(repo, index, BackupListener.NONE, 1)) {
            ChunkSealer sealer = new ChunkSealer(repo.crypto(), 1);
            byte[] data = new byte[8];
            for (int i = 0; i < chunks; i++) {
                data[0] = (byte) i;
                data[1] = (byte) (i >> 8);
                data[2] = (byte) (i >> 16);
                packer.add(sealer.seal(repo.crypto().chunkId(data, 0, data.length), data, 0, data.length));
            }
            packer.finish();
        }
        return repo;
    }

    /** An upload that fails fails the run, and closing the packer leaves no pack file behind. */
    @Test
    void aFailedUploadLeavesNoPackFileBehind() throws Exception {
        ForwardingStore failing = new ForwardingStore(new FolderStore(work.resolve("repo"))) {
            @Override
            public void putFile(String name, Path file) throws IOException {
                if (name.startsWith(Repository.PACKS)) {
                    throw new IOException("the store refused " + name);
                }
                super.putFile(name, file);
            }
        };
        Repository repo = Repository.init(failing, RoundTripScenario.PASSPHRASE, RoundTripScenario.CHEAP_KDF, "h");
        Path folder;
        try (Packer packer = new Packer(repo, new Index(), BackupListener.NONE, 1)) {
            folder = packer.folder();
            ChunkSealer sealer = new ChunkSealer(repo.crypto(), 1);
            byte[] data = new byte[CHUNK];
            new SplittableRandom(3).nextBytes(data);
            packer.add(sealer.seal(repo.crypto().chunkId(data, 0, CHUNK), data, 0, CHUNK));
            assertThatThrownBy(packer::finish).isInstanceOf(IOException.class).hasMessageContaining("the store refused");
        }
        assertThat(folder).doesNotExist();
        assertThat(repo.store().list(Repository.PACKS)).isEmpty();
    }

    private static boolean parked(Thread t) {
        Thread.State state = t.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
    }

    private static void waitUntil(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(30)).until(condition::getAsBoolean);
    }
}
