package io.vaultfleet.agent.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.repo.ChunkSealer;
import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.PackEntry;
import io.vaultfleet.agent.repo.PackFileWriter;
import io.vaultfleet.agent.repo.Repository;

/**
 * Collects sealed chunks into packs and uploads them with a few threads. Packs are built in temporary files, not in
 * memory (decision 034): at most one pack per uploader and one more (queued, or filling or being finished) exist, and
 * a sealer that needs a new pack while all of them do waits for an upload to end (back-pressure from the store).
 * Only after a pack is stored do its chunks enter the index; an index file is written every {@link #INDEX_EVERY} packs,
 * or sooner once the packs waiting for one hold {@link #INDEX_MAX_ENTRIES} chunks, and at the end, so an index never
 * names a pack that is not stored.
 */
final class Packer implements AutoCloseable {
    static final int INDEX_EVERY = 16;
    /**
     * Chunks the packs waiting for an index file may hold before it is written. Sixteen packs of tiny files' chunks
     * held 1,048,576 entries (~100 MB of heap until the index file was written) and made one 44 MB index file that
     * every later run read and decoded whole; at this count the entries waiting are ~13 MB and an index file at most
     * ~6 MB (decision 037).
     */
    static final int INDEX_MAX_ENTRIES = 2 * 65_536;
    /**
     * Chunks in one pack at most. A pack of tiny files' chunks (~50 sealed bytes each) reached its size with ~300,000
     * entries: their list and the header sealed from it (41 bytes each, 12 MB, copied once more to seal) were what
     * ran a 64 MiB backup out of heap (ManyFilesSmallHeapTest), and a header can grow past the 16 MiB a reader accepts
     * (`PackReader`). At this count the header is at most 2.7 MB.
     */
    static final int MAX_ENTRIES = 65_536;
    private static final Logger log = LoggerFactory.getLogger(Packer.class);
    private static final PackFileWriter.FinishedFile POISON = new PackFileWriter.FinishedFile("", null, 0, List.of());

    private final Repository repo;
    private final Index index;
    private final BackupListener listener;
    private final int target;
    private final BlockingQueue<PackFileWriter.FinishedFile> queue;
    private final ExecutorService uploaders;
    private final List<Future<?>> uploadTasks = new ArrayList<>();
    private final Map<String, List<PackEntry>> unindexed = new LinkedHashMap<>();
    private int unindexedEntries; // guarded by unindexed
    private final AtomicLong storedBytes = new AtomicLong();
    private final AtomicLong packs = new AtomicLong();
    private final List<String> indexFiles = new ArrayList<>();
    /** Where the packs are built: a folder of this run's own (rwx------ where permissions exist), removed at close. */
    private final Path folder;
    private final AtomicLong fileNumber = new AtomicLong();
    /**
     * Packs that may exist at once, filling, queued or uploading: one per uploader and one more. Unbounded, a store
     * slower than the sealers (a folder store while the kernel writes back gigabytes of dirty pages) left a finished
     * pack waiting in every sealer as well (decision 033, when packs were 21 MiB heap buffers; now it bounds the
     * temporary files, a few packs' worth of disk).
     */
    private final Semaphore packSlots;
    private final int packLimit;
    private volatile int mostPacksAtOnce;
    private PackFileWriter current;
    /** Told of each pack's entries once they are in the index (the backup then forgets them as in flight). */
    private volatile Consumer<List<PackEntry>> indexed = entries -> { };

    Packer(Repository repo, Index index, BackupListener listener, int uploaderCount) throws IOException {
        this.repo = repo;
        this.index = index;
        this.listener = listener;
        this.target = repo.config().packTargetSize();
        this.queue = new ArrayBlockingQueue<>(1);
        // a sealer that needs a new pack while a finished one waits in the queue waits for an upload (decision 033: a
        // fourth pack made no backup faster; the store is slower than the sealers only while the kernel writes back,
        // and then one more pack only delays the wait)
        this.packLimit = uploaderCount + 1;
        this.packSlots = new Semaphore(packLimit);
        // createTempDirectory makes the folder rwx------ where the file system has POSIX permissions; the packs hold
        // only sealed bytes, the same the store receives
        this.folder = Files.createTempDirectory("vaultfleet-packs-");
        this.uploaders = Executors.newFixedThreadPool(uploaderCount, r -> {
            Thread t = new Thread(r, "upload");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < uploaderCount; i++) {
            uploadTasks.add(uploaders.submit(this::uploadLoop));
        }
    }

    /** Sets what is told of each pack's entries after they were added to the index. */
    void onIndexed(Consumer<List<PackEntry>> listener) {
        this.indexed = listener;
    }

    /** The most packs that existed at once in this run (never more than one per uploader plus one). */
    int mostPacksAtOnce() {
        return mostPacksAtOnce;
    }

    /** The folder the packs are built in (empty once every pack is uploaded; gone after {@link #close()}). */
    Path folder() {
        return folder;
    }

    long storedBytes() {
        return storedBytes.get();
    }

    long packsUploaded() {
        return packs.get();
    }

    /** Ids of the packs this run stored (storage acknowledged each): a later absence is a lost write. */
    Set<String> uploadedPackIds() {
        return Set.copyOf(uploadedIds);
    }

    private final Set<String> uploadedIds = ConcurrentHashMap.newKeySet();

    /** Copies the sealed chunk into the current pack (its buffer may be reused as soon as this returns). */
    void add(ChunkSealer.SealedChunk chunk) throws InterruptedException, IOException {
        PackFileWriter full = null;
        synchronized (this) {
            if (current == null) {
                current = newPack();
            }
            try {
                current.add(chunk);
            } catch (IOException e) {
                throw cannotWrite(e);
            }
            if (current.size() >= target || current.count() >= MAX_ENTRIES) {
                full = current;
                current = null;
            }
        }
        if (full != null) {
            // the pack's header outside the lock: other sealers keep filling the next pack meanwhile
            enqueue(finish(full));
        }
    }

    /** A new pack file; waits for an upload to end when all the packs that may exist do (called holding the lock). */
    private PackFileWriter newPack() throws InterruptedException, IOException {
        while (!packSlots.tryAcquire(1, TimeUnit.SECONDS)) {
            failIfAnUploadStopped();
        }
        // slots are taken only here, holding the packer's lock: what is not available exists
        int now = packLimit - packSlots.availablePermits();
        if (now > mostPacksAtOnce) {
            mostPacksAtOnce = now;
        }
        try {
            return new PackFileWriter(repo.crypto(), folder.resolve("pack-" + fileNumber.incrementAndGet()));
        } catch (IOException e) {
            packDone();
            throw cannotWrite(e);
        }
    }

    private PackFileWriter.FinishedFile finish(PackFileWriter pack) throws IOException {
        try {
            return pack.finish();
        } catch (IOException e) {
            pack.close();
            packDone();
            throw cannotWrite(e);
        }
    }

    private IOException cannotWrite(IOException e) {
        return new IOException("cannot write a pack to the temporary folder " + folder + ": " + e.getMessage(), e);
    }

    private void packDone() {
        packSlots.release();
    }

    private void enqueue(PackFileWriter.FinishedFile pack) throws InterruptedException {
        while (!queue.offer(pack, 1, TimeUnit.SECONDS)) {
            failIfAnUploadStopped();
        }
    }

    private void failIfAnUploadStopped() {
        for (Future<?> f : uploadTasks) {
            if (f.isDone()) {
                throw new IllegalStateException("pack upload stopped", cause(f));
            }
        }
    }

    private static Throwable cause(Future<?> f) {
        try {
            f.get();
            return null;
        } catch (Exception e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    private Void uploadLoop() throws IOException, InterruptedException {
        while (true) {
            PackFileWriter.FinishedFile pack = queue.take();
            if (pack == POISON) {
                return null;
            }
            if (!repo.store().list(pack.blobName()).isEmpty()) {
                // same bytes already stored (cannot happen with random nonces, but costs nothing to honour)
            } else {
                repo.store().putFile(pack.blobName(), pack.file());
            }
            try {
                Files.deleteIfExists(pack.file());
            } catch (IOException e) {
                // stored is what matters; the folder's removal at close tries again (a handle a store kept open on
                // Windows would refuse the delete until then)
                log.debug("pack file {} not deleted yet: {}", pack.file(), e.toString());
            }
            packDone();
            storedBytes.addAndGet(pack.length());
            packs.incrementAndGet();
            uploadedIds.add(pack.id());
            index.addPack(pack.id(), pack.entries());
            indexed.accept(pack.entries());
            listener.packUploaded(pack.id(), pack.length(), pack.entries().size());
            Map<String, List<PackEntry>> toWrite = null;
            synchronized (unindexed) {
                unindexed.put(pack.id(), pack.entries());
                unindexedEntries += pack.entries().size();
                if (unindexed.size() >= INDEX_EVERY || unindexedEntries >= INDEX_MAX_ENTRIES) {
                    toWrite = new LinkedHashMap<>(unindexed);
                    unindexed.clear();
                    unindexedEntries = 0;
                }
            }
            if (toWrite != null) {
                writeIndex(toWrite);
            }
        }
    }

    private void writeIndex(Map<String, List<PackEntry>> packs) throws IOException {
        String name = repo.writeIndex(packs);
        synchronized (indexFiles) {
            indexFiles.add(name);
        }
    }

    /** Seals the last partial pack, waits for all uploads, writes the final index file. */
    void finish() throws IOException, InterruptedException {
        PackFileWriter.FinishedFile last = null;
        PackFileWriter unfinished;
        synchronized (this) {
            unfinished = current;
            current = null;
        }
        if (unfinished != null && unfinished.count() > 0) {
            last = finish(unfinished);
        } else if (unfinished != null) {
            unfinished.close();
            packDone();
        }
        if (last != null) {
            enqueue(last);
        }
        for (int i = 0; i < uploadTasks.size(); i++) {
            enqueue(POISON);
        }
        for (Future<?> f : uploadTasks) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) {
                    throw io;
                }
                throw new IOException("pack upload failed: " + c, c);
            }
        }
        Map<String, List<PackEntry>> rest;
        synchronized (unindexed) {
            rest = new LinkedHashMap<>(unindexed);
            unindexed.clear();
            unindexedEntries = 0;
        }
        if (!rest.isEmpty()) {
            writeIndex(rest);
        }
    }

    /** Stops the uploads and removes the packs' folder with what a failed run left in it. */
    @Override
    public void close() {
        uploaders.shutdownNow();
        synchronized (this) {
            if (current != null) {
                try {
                    current.close();
                } catch (IOException e) {
                    // the folder's removal below reports what stays
                }
                current = null;
            }
        }
        try {
            uploaders.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            log.warn("could not remove the temporary pack folder {}: {}", folder, e.toString());
        }
    }
}
