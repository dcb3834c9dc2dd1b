package io.vaultfleet.agent.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vaultfleet.agent.host.PhaseLog;
import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.ChunkSealer;
import io.vaultfleet.agent.repo.Chunker;
import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.agent.source.FileWalker;
import io.vaultfleet.agent.source.SourceEntry;
import io.vaultfleet.agent.source.SourceWarning;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One backup run. Stages and what bounds them:
 * <ol>
 * <li>walk (this thread): metadata only; unchanged files take their chunk list from the cache;</li>
 * <li>readers: read and chunk; each chunk is copied into a buffer from a pool of {@code queueBytes} (buffers of
 * the largest chunk size, reused: nothing is allocated per chunk), a chunk of at most 64 KiB into an array of its
 * own length (at most a quarter of {@code queueBytes} of those at once). A reader's chunker has a 1 MiB buffer and
 * borrows a large one (two largest chunks) from a pool of one per sealer only while a longer file is read;</li>
 * <li>sealers: HMAC (the chunk id); a chunk not yet in the index or in flight gets zstd and AES-GCM into a buffer of
 * their own, copied into the {@link Packer}'s current pack. Hashing here rather than in the reader lets one large
 * file use both cores;</li>
 * <li>packer/uploaders: pack buffers are pooled, one per uploader plus one (queued, or filling or being finished);
 * a sealer that needs a new pack while all are taken waits for an upload (decisions 018, 033);</li>
 * <li>index files, then the snapshot (so nothing ever names what is not stored).</li>
 * </ol>
 */
public final class Backup {
    private static final Object DONE = new Object();

    private final Repository repo;
    private final BackupOptions options;
    private final BackupProgress progress = new BackupProgress();
    private final ConcurrentLinkedQueue<SourceWarning> warnings = new ConcurrentLinkedQueue<>();
    /** The new point's nodes, spilled to disk in sorted runs as they come (issue 17); made when the run starts. */
    private NodeSpool nodes;
    private Repository.LoadedIndex loaded;
    private MetadataCache.Previous previousToClose;
    private final ChunkIdSet inFlight = new ChunkIdSet();
    private final HardLinkReads hardLinks = new HardLinkReads();
    private Index index;
    private boolean previousPacksIndexed;

    /** One chunk of a file, copied out of the reader's buffer: hashed, deduplicated and sealed by a sealer. */
    private record SealJob(FileInProgress file, int slot, byte[] data, int length) {
    }

    /**
     * A file being read. Its chunks are hashed by the sealers (so one large file keeps both cores busy: its reader
     * only chunks it), in any order; each id goes into its slot, and the node is recorded when the reader has
     * submitted every chunk and the last id is in.
     */
    private final class FileInProgress {
        private final SourceEntry entry;
        private final List<ChunkId> ids = new ArrayList<>();
        private int outstanding = 1; // the reader's hold, released once every chunk was submitted
        private long read;
        private boolean failed;

        FileInProgress(SourceEntry entry) {
            this.entry = entry;
        }

        synchronized int slot() {
            ids.add(null);
            outstanding++;
            return ids.size() - 1;
        }

        void hashed(int slot, ChunkId id) {
            synchronized (this) {
                ids.set(slot, id);
                if (--outstanding > 0) {
                    return;
                }
            }
            finish();
        }

        /** The reader is done with the file: {@code bytes} read, or failed (the file is then not recorded). */
        void submitted(long bytes, boolean readFailed) {
            synchronized (this) {
                read = bytes;
                failed = readFailed;
                if (--outstanding > 0) {
                    return;
                }
            }
            finish();
        }

        private void finish() {
            Snapshot.Node n = entry.node();
            if (failed) {
                for (Snapshot.Node w : hardLinks.failed(n)) {
                    warn(new SourceWarning(FileNames.display(w.path()), "not backed up: it is a hard link of "
                            + FileNames.display(n.path()) + ", which could not be read"));
                }
                return;
            }
            // the size actually read is what the chunks hold, even if the file grew or shrank meanwhile
            List<ChunkId> chunks = List.copyOf(ids);
            nodes.add(n.withContent(read, chunks));
            progress.filesDone.incrementAndGet();
            hardLinks.read(n, read, chunks, Backup.this::recordWithoutReading);
        }
    }

    public Backup(Repository repo, BackupOptions options) {
        this.repo = repo;
        this.options = options;
    }

    public BackupProgress progress() {
        return progress;
    }

    private void warn(SourceWarning w) {
        warnings.add(w);
        progress.warnings.incrementAndGet();
        options.listener().warning(w);
    }

    public BackupResult run() throws IOException, InterruptedException {
        return run(WalkAhead.start(options.selection()));
    }

    /**
     * Runs the backup on a walk of {@code options.selection()} that may have been started before the repository was
     * opened (so the metadata walk overlaps with key derivation); the walk is stopped if the backup fails.
     */
    public BackupResult run(WalkAhead walk) throws IOException, InterruptedException {
        try (NodeSpool spool = new NodeSpool()) {
            nodes = spool;
            return runOn(walk);
        } finally {
            walk.stop();
            if (loaded != null) {
                loaded.close(); // the index's mapped scratch files (decision 021)
            }
            if (previousToClose != null) {
                previousToClose.close(); // the previous point's files table (scratch files)
            }
        }
    }

    private BackupResult runOn(WalkAhead walk) throws IOException, InterruptedException {
        progress.phase = "loading index";
        // the previous recovery point's manifest is decoded while the index files are read (both only need the key)
        MetadataCache cache = new MetadataCache(options.cacheDir(), repo.config().id(), options.host(), options.item());
        FutureTask<MetadataCache.Previous> previousTask = new FutureTask<>(
                () -> cache.load(repo));
        Thread.ofPlatform().daemon().name("previous-manifest").start(previousTask);
        loaded = repo.loadIndex();
        index = loaded.index();
        PhaseLog.mark("index loaded");
        List<String> unreadable = new ArrayList<>();
        var adopted = repo.adoptUnindexedPacks(index, unreadable);
        if (!adopted.isEmpty()) {
            // an earlier run stopped after uploading these: index them now instead of uploading them again
            repo.writeIndex(adopted);
            options.listener().packsAdopted(adopted.size());
        }
        PhaseLog.mark("unindexed packs checked");
        MetadataCache.Previous previous;
        try {
            previous = previousTask.get();
            previousToClose = previous;
        } catch (ExecutionException e) {
            // load() turns every failure into "no cache"; anything else is a bug worth seeing
            throw new IllegalStateException("previous manifest not loaded: " + e.getCause(), e.getCause());
        }
        // when every pack the previous recovery point used is still indexed, so is every chunk it named: unchanged
        // files then need no chunk-by-chunk lookup (retention clean-up or a lost index file make this false)
        previousPacksIndexed = !previous.packs().isEmpty() && previous.packs().stream().allMatch(index::hasPack);
        PhaseLog.mark("index, previous manifest loaded");

        // totals for progress: the previous recovery point's when there is one, else a quick scan alongside
        Thread scanner = previous.fileCount() > 0 ? estimateFrom(previous) : Thread.ofPlatform().daemon().name("scan").start(() -> {
            FileWalker.count(options.selection(), size -> {
                progress.filesTotal.incrementAndGet();
                progress.bytesTotal.addAndGet(size);
            });
            progress.totalsKnown = true;
        });

        progress.phase = "backing up";
        Packer packer = new Packer(repo, index, options.listener(), options.uploaders());
        // a chunk is "in flight" from its sealing until its pack is in the index; forgotten then, so the set holds
        // the chunks of the packs being filled and uploaded, not every new chunk of the backup (issue 17)
        packer.onIndexed(entries -> entries.forEach(e -> inFlight.remove(e.id())));
        progress.packer = packer;
        int maxChunk = repo.config().chunker().maxSize();
        // small chunks (small files, files' ends) in arrays of their own size, up to a quarter of the queue's bytes
        BufferPool queueBudget = new BufferPool((int) Math.max(options.sealers() + 2, options.queueBytes() / maxChunk),
                maxChunk, (int) Math.min(Integer.MAX_VALUE, options.queueBytes() / 4));
        // large chunking buffers (two maximum chunks each) only for files longer than a reader's small buffer, shared:
        // as many as there are sealers (the cores), not one per reader (decision 033)
        BufferPool chunkerBuffers = new BufferPool(Math.min(options.readers(), Math.max(1, options.sealers())),
                Chunker.largeBufferSize(repo.config().chunker()));
        BlockingQueue<Object> files = new ArrayBlockingQueue<>(256);
        BlockingQueue<Object> sealQueue = new ArrayBlockingQueue<>(1024);
        ExecutorService readers = Executors.newFixedThreadPool(options.readers(), named("read"));
        ExecutorService sealers = Executors.newFixedThreadPool(options.sealers(), named("seal"));
        try {
            List<Future<?>> readerTasks = new ArrayList<>();
            for (int i = 0; i < options.readers(); i++) {
                readerTasks.add(readers.submit(() -> readLoop(files, sealQueue, queueBudget, chunkerBuffers)));
            }
            List<Future<?>> sealerTasks = new ArrayList<>();
            for (int i = 0; i < options.sealers(); i++) {
                sealerTasks.add(sealers.submit(() -> sealLoop(sealQueue, queueBudget, packer)));
            }
            List<Future<?>> all = new ArrayList<>(readerTasks);
            all.addAll(sealerTasks);
            walk.drainTo(new WalkAhead.Consumer() {
                @Override
                public void entry(SourceEntry entry) throws InterruptedException {
                    walked(entry, previous, files, all);
                }

                @Override
                public void warning(SourceWarning warning) {
                    warn(warning);
                }
            });
            for (int i = 0; i < options.readers(); i++) {
                put(files, DONE, all);
            }
            // a reader waiting for a pool buffer or queue space would wait forever for sealers that failed
            await(readerTasks, sealerTasks);
            for (int i = 0; i < options.sealers(); i++) {
                put(sealQueue, DONE, sealerTasks);
            }
            await(sealerTasks, List.of());
            PhaseLog.mark("walk, read, seal done");
            progress.phase = "finishing uploads";
            packer.finish();
            PhaseLog.mark("uploads finished");
        } finally {
            readers.shutdownNow();
            sealers.shutdownNow();
            packer.close();
        }
        if (scanner.isAlive()) {
            scanner.join();
        }
        progress.phase = "writing recovery point";
        return writeSnapshot(previous, packer, cache);
    }

    private Thread estimateFrom(MetadataCache.Previous previous) {
        progress.filesTotal.addAndGet(previous.fileCount());
        progress.bytesTotal.addAndGet(previous.totalBytes());
        progress.totalsKnown = true;
        return Thread.ofPlatform().unstarted(() -> { });
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private void walked(SourceEntry entry, MetadataCache.Previous previous, BlockingQueue<Object> files,
            List<Future<?>> workers) throws InterruptedException {
        Snapshot.Node node = entry.node();
        if (node.type() != Snapshot.Type.FILE) {
            nodes.add(node);
            return;
        }
        // looked up on disk (PreviousFiles): neither point's file list is held in memory
        Snapshot.Node before;
        try {
            before = previous.find(node.path());
        } catch (IOException e) {
            throw new UncheckedIOException("metadata cache: " + e.getMessage(), e);
        }
        if (MetadataCache.unchanged(before, node)
                && (previousPacksIndexed || before.chunks().stream().allMatch(index::contains))) {
            nodes.add(withChunks(node, before.chunks()));
            progress.filesDone.incrementAndGet();
            progress.bytesDone.addAndGet(node.size());
            progress.reusedBytes.addAndGet(node.size());
            return;
        }
        if (hardLinks.mustRead(node, this::recordWithoutReading)) {
            put(files, entry, workers);
        }
    }

    /** A file whose chunks are known without reading it (another path of the same hard-linked file was read). */
    private void recordWithoutReading(Snapshot.Node node) {
        nodes.add(node);
        progress.filesDone.incrementAndGet();
        progress.bytesDone.addAndGet(node.size());
        progress.reusedBytes.addAndGet(node.size());
    }

    /** Offers with a timeout so a failed worker stops the walk instead of blocking it forever. */
    private static void put(BlockingQueue<Object> queue, Object item, List<Future<?>> workers) throws InterruptedException {
        while (!queue.offer(item, 500, TimeUnit.MILLISECONDS)) {
            for (Future<?> f : workers) {
                if (f.isDone()) {
                    throw new IllegalStateException("backup worker stopped: " + failure(f), failure(f));
                }
            }
        }
    }

    private static Throwable failure(Future<?> f) {
        try {
            f.get();
            return new IllegalStateException("worker ended early");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /** Waits for {@code tasks}; fails as soon as one of them or of {@code helpers} (which should not end) failed. */
    private static void await(List<Future<?>> tasks, List<Future<?>> helpers) throws IOException, InterruptedException {
        for (Future<?> f : tasks) {
            try {
                while (true) {
                    try {
                        f.get(500, TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException e) {
                        for (Future<?> h : helpers) {
                            if (h.isDone()) {
                                throw new IllegalStateException("backup worker stopped: " + failure(h), failure(h));
                            }
                        }
                    }
                }
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) {
                    throw io;
                }
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                throw new IOException(c);
            }
        }
    }

    private static Snapshot.Node withChunks(Snapshot.Node n, List<ChunkId> chunks) {
        return n.withContent(n.size(), chunks);
    }

    private Void readLoop(BlockingQueue<Object> files, BlockingQueue<Object> sealQueue, BufferPool budget,
            BufferPool chunkerBuffers) throws InterruptedException {
        Chunker chunker = new Chunker(repo.config().chunker(), chunkerBuffers);
        try {
            return readFiles(chunker, files, sealQueue, budget);
        } finally {
            chunker.close(); // a large buffer it still borrows goes back to the other readers
        }
    }

    private Void readFiles(Chunker chunker, BlockingQueue<Object> files, BlockingQueue<Object> sealQueue,
            BufferPool budget) throws InterruptedException {
        while (true) {
            Object item = files.take();
            if (item == DONE) {
                return null;
            }
            SourceEntry entry = (SourceEntry) item;
            FileInProgress file = new FileInProgress(entry);
            long read = 0;
            boolean failed = false;
            try (InputStream in = options.opener().open(entry.path())) {
                chunker.reset(in);
                Chunker.Chunk c;
                while ((c = chunker.next()) != null) {
                    byte[] copy = budget.take(c.length());
                    System.arraycopy(c.buffer(), c.offset(), copy, 0, c.length());
                    sealQueue.put(new SealJob(file, file.slot(), copy, c.length()));
                    read += c.length();
                }
            } catch (IOException e) {
                if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                    // stopped while waiting for a large chunking buffer: the backup is ending, not this file failing
                    throw new InterruptedException(e.getMessage());
                }
                failed = true;
                warn(new SourceWarning(FileNames.display(entry.node().path()), "not backed up: "
                        + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            }
            file.submitted(read, failed);
        }
    }

    /** Hashes each chunk; one not yet in the index nor in flight is compressed, encrypted and put in a pack. */
    private Void sealLoop(BlockingQueue<Object> sealQueue, BufferPool budget, Packer packer)
            throws InterruptedException, IOException {
        ChunkSealer sealer = repo.newSealer();
        var crypto = repo.crypto();
        while (true) {
            Object item = sealQueue.take();
            if (item == DONE) {
                return null;
            }
            SealJob job = (SealJob) item;
            ChunkId id = crypto.chunkId(job.data(), 0, job.length());
            progress.bytesDone.addAndGet(job.length());
            // in flight first, then the index: a pack's chunks enter the index before they leave the set, so a
            // chunk is always seen in one of them and never stored twice
            if (!inFlight.add(id) || index.contains(id) && inFlight.remove(id)) {
                budget.release(job.data());
                job.file().hashed(job.slot(), id);
                continue;
            }
            progress.newBytes.addAndGet(job.length());
            ChunkSealer.SealedChunk sealed = sealer.sealReusing(id, job.data(), 0, job.length());
            budget.release(job.data());
            packer.add(sealed);
            job.file().hashed(job.slot(), id);
        }
    }

    private BackupResult writeSnapshot(MetadataCache.Previous previous, Packer packer, MetadataCache cache)
            throws IOException {
        // in stored order, each path once, read back from the spool's runs (never all in memory)
        NodeSpool sorted = nodes;
        Set<String> packs = new TreeSet<>();
        long files = 0;
        long dirs = 0;
        long others = 0;
        long total = 0;
        for (Snapshot.Node n : sorted) {
            switch (n.type()) {
                case FILE -> {
                    files++;
                    total += n.size();
                    for (ChunkId c : n.chunks()) {
                        Index.Location loc = index.lookup(c);
                        if (loc == null) {
                            throw new IOException("internal error: chunk " + c + " of " + FileNames.display(n.path())
                                    + " is in no pack");
                        }
                        packs.add(loc.packId());
                    }
                }
                case DIR -> dirs++;
                default -> others++;
            }
        }
        // the console may have removed packs this run deduplicated against (retention clean-up runs on its own
        // schedule): never write a recovery point that names a pack storage no longer has
        Map<String, Long> stored = repo.storedPacks();
        List<String> gone = packs.stream().filter(p -> !stored.containsKey(p)).toList();
        if (!gone.isEmpty()) {
            throw new PacksRemovedException(gone, packer.uploadedPackIds());
        }
        long newBytes = progress.newBytes.get();
        Snapshot.Stats stats = new Snapshot.Stats(files, dirs, others, total, newBytes, total - newBytes,
                packer.storedBytes(), packer.packsUploaded(), warnings.size());
        // the roots as people see them (JSON strings must be Unicode); the nodes hold the exact names
        List<String> roots = options.selection().roots().stream().map(r -> FileNames.display(FileNames.name(r)))
                .toList();
        Snapshot snapshot = new Snapshot(Snapshot.VERSION, Instant.now().toString(), options.host(), options.item(),
                roots, previous.snapshotId(), stats, List.copyOf(packs), List.of());
        PhaseLog.mark("manifest built");
        // sealed a segment at a time into a file as the spool's runs are merged, stored from the file, and the file
        // becomes the metadata cache: the recovery point is never whole in memory (decision 032)
        Path file = cache.scratchFile();
        String id;
        try {
            id = repo.writeSnapshot(snapshot, sorted, file).id();
            PhaseLog.mark("snapshot written");
            try {
                cache.save(id, file);
            } catch (IOException e) {
                warn(new SourceWarning(String.valueOf(options.cacheDir()), "metadata cache not saved: "
                        + e.getMessage()));
            }
        } finally {
            Files.deleteIfExists(file);
        }
        PhaseLog.mark("cache saved");
        progress.phase = "done";
        CatalogRecord catalog = new CatalogRecord("catalog", id, snapshot.time(), options.host(), options.item(), files,
                total, newBytes, total - newBytes, packer.storedBytes(), List.copyOf(packs));
        return new BackupResult(id, stats, catalog, List.copyOf(warnings));
    }
}
