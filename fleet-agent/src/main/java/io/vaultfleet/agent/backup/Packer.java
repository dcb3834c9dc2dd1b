package io.vaultfleet.agent.backup;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.vaultfleet.agent.host.OldGenerationBound;
import io.vaultfleet.agent.repo.ChunkSealer;
import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.PackEntry;
import io.vaultfleet.agent.repo.PackWriter;
import io.vaultfleet.agent.repo.Repository;

/**
 * Collects sealed chunks into packs and uploads them with a few threads. At most one pack per uploader and one more
 * (queued, or filling or being finished) are in memory: their buffers are reused from pack to pack, and a sealer that
 * needs a new pack while all of them are taken waits for an upload to end (back-pressure from the store). Only after
 * a pack is stored do its chunks enter the index; an index file is written every {@link #INDEX_EVERY} packs and at
 * the end, so an index never names a pack that is not stored.
 */
final class Packer implements AutoCloseable {
    static final int INDEX_EVERY = 16;
    private static final PackWriter.FinishedPack POISON = new PackWriter.FinishedPack("", new byte[0], 0, List.of());

    private final Repository repo;
    private final Index index;
    private final BackupListener listener;
    private final int target;
    private final BlockingQueue<PackWriter.FinishedPack> queue;
    private final ExecutorService uploaders;
    private final List<Future<?>> uploadTasks = new ArrayList<>();
    private final Map<String, List<PackEntry>> unindexed = new LinkedHashMap<>();
    private final AtomicLong storedBytes = new AtomicLong();
    private final AtomicLong packs = new AtomicLong();
    private final List<String> indexFiles = new ArrayList<>();
    /** Pack buffers, reused: a first backup fills gigabytes of packs, allocating each anew kept the collector busy. */
    private final BlockingQueue<byte[]> freeBuffers;
    /**
     * How many pack buffers may exist. Unbounded, a store slower than the sealers (a folder store while the kernel
     * writes back gigabytes of dirty pages) left a finished pack waiting in every sealer as well: six 21 MiB buffers
     * instead of four, the backup's peak heap (measured: 212 MiB live at the end of a 4 GiB first backup).
     */
    private final int bufferLimit;
    /** Written holding this packer's lock; volatile so it can be read without it (a sealer may wait holding it). */
    private volatile int buffersCreated;
    private PackWriter current;
    /** Told of each pack's entries once they are in the index (the backup then forgets them as in flight). */
    private volatile Consumer<List<PackEntry>> indexed = entries -> { };

    Packer(Repository repo, Index index, BackupListener listener, int uploaderCount) {
        this.repo = repo;
        this.index = index;
        this.listener = listener;
        this.target = repo.config().packTargetSize();
        this.queue = new ArrayBlockingQueue<>(1);
        // one per uploader and one more, queued or filling: never more buffers than that exist. A sealer that needs a
        // new pack while a finished one waits in the queue waits for an upload (decision 033: a fourth 21 MiB buffer
        // made no backup faster; the store is slower than the sealers only while the kernel writes back, and then
        // one more buffer only delays the wait)
        this.bufferLimit = uploaderCount + 1;
        this.freeBuffers = new ArrayBlockingQueue<>(bufferLimit);
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

    /** How many pack buffers this packer allocated (never more than one per uploader plus one). */
    int buffersCreated() {
        return buffersCreated;
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
    void add(ChunkSealer.SealedChunk chunk) throws InterruptedException {
        PackWriter full = null;
        synchronized (this) {
            if (current == null) {
                current = new PackWriter(repo.crypto(), buffer());
            }
            current.add(chunk);
            if (current.size() >= target) {
                full = current;
                current = null;
            }
        }
        if (full != null) {
            // the pack's header and SHA-256 outside the lock: other sealers keep filling the next pack meanwhile
            enqueue(full.finish());
        }
    }

    /** A free pack buffer; waits for an upload to release one when all exist (called holding this packer's lock). */
    private byte[] buffer() throws InterruptedException {
        byte[] b = freeBuffers.poll();
        if (b != null) {
            return b;
        }
        if (buffersCreated < bufferLimit) {
            buffersCreated++;
            OldGenerationBound.expect(target + 5 * 1024 * 1024); // reused to the end of the run (decision 033)
            return new byte[target + 5 * 1024 * 1024];
        }
        while ((b = freeBuffers.poll(1, TimeUnit.SECONDS)) == null) {
            failIfAnUploadStopped();
        }
        return b;
    }

    private void release(byte[] buffer) {
        if (buffer.length >= target) {
            freeBuffers.offer(buffer);
        }
    }

    private void enqueue(PackWriter.FinishedPack pack) throws InterruptedException {
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
            PackWriter.FinishedPack pack = queue.take();
            if (pack == POISON) {
                return null;
            }
            if (!repo.store().list(pack.blobName()).isEmpty()) {
                // same bytes already stored (cannot happen with random nonces, but costs nothing to honour)
            } else {
                repo.store().put(pack.blobName(), pack.bytes(), 0, pack.length());
            }
            release(pack.bytes());
            storedBytes.addAndGet(pack.length());
            packs.incrementAndGet();
            uploadedIds.add(pack.id());
            index.addPack(pack.id(), pack.entries());
            indexed.accept(pack.entries());
            listener.packUploaded(pack.id(), pack.length(), pack.entries().size());
            Map<String, List<PackEntry>> toWrite = null;
            synchronized (unindexed) {
                unindexed.put(pack.id(), pack.entries());
                if (unindexed.size() >= INDEX_EVERY) {
                    toWrite = new LinkedHashMap<>(unindexed);
                    unindexed.clear();
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
        PackWriter.FinishedPack last = null;
        synchronized (this) {
            if (current != null && current.count() > 0) {
                last = current.finish();
            }
            current = null;
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
        }
        if (!rest.isEmpty()) {
            writeIndex(rest);
        }
    }

    @Override
    public void close() {
        uploaders.shutdownNow();
    }
}
