package io.vaultfleet.agent.restore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;

import io.vaultfleet.agent.host.OldGenerationBound;
import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.ChunkSealer;
import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.IntegrityException;
import io.vaultfleet.agent.repo.PackReader;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.BlobNotFoundException;

/**
 * Fetches the chunks of one batch of a restore (issue 17: a restore plans a bounded batch of files at a time) and
 * writes each at its offset in every file that holds it. A pack's chunks of the batch are cut into slices of at
 * most {@value #SLICE_CHUNKS} chunks and {@value #SLICE_BYTES} sealed bytes, which the threads fetch in parallel:
 * a slice whose chunks lie close together is one range read (the usual case: a folder's small files were packed
 * one after the other), else one read per chunk. Each chunk is authenticated and checked against its id. What
 * fails is collected per pack over all batches, so a damaged pack is one problem naming every file it affects.
 */
final class PackFetcher implements AutoCloseable {
    /** Where one chunk goes: a file and an offset in it. */
    record Placement(FileTarget file, long offset) {
    }

    static final int SLICE_CHUNKS = 512;
    /** A slice's sealed bytes at most, unless one chunk alone is larger. */
    static final int SLICE_BYTES = 4 << 20;
    /** Bytes between the chunks a slice needs that one range read may fetch for nothing. */
    private static final int SLACK = 1 << 20;
    /** A fetch thread's range buffer: a slice and its slack fit it (a larger chunk alone grows it). */
    private static final int SPAN_BUFFER = SLICE_BYTES + SLACK;

    /** What went wrong with one pack: missing, or some chunks failing authentication; the files affected. */
    private static final class PackTrouble {
        boolean missing;
        int damagedChunks;
        final Set<String> files = new TreeSet<>();
    }

    private final Repository repo;
    /** One for the whole restore: its per-thread buffers and decompression contexts are reused from pack to pack. */
    private final ChunkSealer sealer;
    private final ExecutorService pool;
    private final ThreadLocal<byte[]> spans = new ThreadLocal<>();
    private final Map<String, PackTrouble> troubles = new TreeMap<>();
    private final AtomicLong bytes = new AtomicLong();

    private final RestoreListener listener;
    private final AtomicLong filesDone = new AtomicLong();
    /** What the restore will write, as far as it is planned yet (the plan grows while the point is decoded). */
    private volatile long bytesTotal;

    PackFetcher(Repository repo, int threads, RestoreListener listener) {
        this.listener = listener == null ? RestoreListener.NONE : listener;
        this.repo = repo;
        this.sealer = repo.newSealer();
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads));
    }

    long bytes() {
        return bytes.get();
    }

    void planned(long total) {
        bytesTotal = total;
    }

    /** Fetches and writes every chunk of {@code plan} (pack → chunk → where it goes); returns when all are done. */
    void fetch(Map<String, Map<ChunkId, List<Placement>>> plan, Map<ChunkId, Index.Location> locations)
            throws IOException, InterruptedException {
        List<Future<?>> tasks = new ArrayList<>();
        for (var pack : plan.entrySet()) {
            List<Map.Entry<ChunkId, List<Placement>>> chunks = new ArrayList<>(pack.getValue().entrySet());
            chunks.sort(Comparator.comparingInt(e -> locations.get(e.getKey()).offset()));
            int from = 0;
            while (from < chunks.size()) {
                int to = sliceEnd(chunks.size(), from, i -> locations.get(chunks.get(i).getKey()).sealedLength());
                List<Map.Entry<ChunkId, List<Placement>>> slice = chunks.subList(from, to);
                tasks.add(pool.submit(() -> {
                    fetchSlice(pack.getKey(), slice, locations);
                    return null;
                }));
                from = to;
            }
        }
        for (Future<?> f : tasks) {
            try {
                f.get();
            } catch (InterruptedException e) {
                // cancelled: no thread may still be writing when the caller marks the files begun
                tasks.forEach(t -> t.cancel(true));
                pool.shutdownNow();
                pool.awaitTermination(1, TimeUnit.MINUTES);
                throw e;
            } catch (ExecutionException ex) {
                Throwable c = ex.getCause();
                throw c instanceof IOException io ? io : new IOException(c);
            }
        }
    }

    /**
     * Where the slice starting at chunk {@code from} of a pack's {@code count} chunks (in pack order) ends: at most
     * {@value #SLICE_CHUNKS} chunks and {@value #SLICE_BYTES} sealed bytes, unless its one chunk is larger.
     */
    static int sliceEnd(int count, int from, IntUnaryOperator sealedLength) {
        int to = from;
        long sealed = 0;
        while (to < count && to - from < SLICE_CHUNKS) {
            int next = sealedLength.applyAsInt(to);
            if (to > from && sealed + next > SLICE_BYTES) {
                break;
            }
            sealed += next;
            to++;
        }
        return to;
    }

    private void fetchSlice(String packId, List<Map.Entry<ChunkId, List<Placement>>> slice,
            Map<ChunkId, Index.Location> locations) throws IOException {
        String blob = PackReader.blobName(packId);
        long low = Long.MAX_VALUE;
        long high = 0;
        long needed = 0;
        for (var e : slice) {
            Index.Location loc = locations.get(e.getKey());
            low = Math.min(low, loc.offset());
            high = Math.max(high, (long) loc.offset() + loc.sealedLength());
            needed += loc.sealedLength();
        }
        List<Placement> damaged = new ArrayList<>();
        int damagedChunks = 0;
        try {
            // one range read when the chunks lie close together (the usual case), else one read per chunk; both into
            // this thread's buffer
            boolean oneRead = high - low <= needed + SLACK;
            byte[] span = null;
            int spanLength = 0;
            if (oneRead) {
                int want = (int) (high - low);
                span = spanBuffer(want);
                spanLength = repo.store().getRangeInto(blob, low, want, span);
            }
            for (var e : slice) {
                Index.Location loc = locations.get(e.getKey());
                byte[] plain;
                try {
                    long off = loc.offset() - low;
                    if (!oneRead) {
                        span = spanBuffer(loc.sealedLength());
                        spanLength = repo.store().getRangeInto(blob, loc.offset(), loc.sealedLength(), span);
                        off = 0;
                    }
                    byte[] src = span;
                    int srcLength = spanLength;
                    if (srcLength < off + loc.sealedLength()) {
                        throw new IntegrityException("pack " + packId + " is truncated");
                    }
                    plain = sealer.openReusing(e.getKey(), loc.flags(), loc.plainLength(), src, (int) off,
                            loc.sealedLength());
                } catch (IntegrityException ex) {
                    damaged.addAll(e.getValue());
                    damagedChunks++;
                    continue;
                }
                for (Placement p : e.getValue()) {
                    if (p.file().write(plain, loc.plainLength(), p.offset())) {
                        filesDone.incrementAndGet();
                    }
                    listener.progress(filesDone.get(), bytes.addAndGet(loc.plainLength()), bytesTotal);
                }
            }
        } catch (BlobNotFoundException e) {
            List<Placement> all = new ArrayList<>();
            slice.forEach(c -> all.addAll(c.getValue()));
            record(packId, true, 0, all);
            return;
        }
        if (!damaged.isEmpty()) {
            record(packId, false, damagedChunks, damaged);
        }
    }

    /**
     * This fetch thread's buffer for range reads, grown only for a chunk larger than a slice. Allocating a new array of
     * up to ~10 MiB for every slice made a 4 GiB restore's garbage outgrow the young generation: promoted, it filled
     * the old one up to the heap's cap (409 MiB peak RSS, bench/run.sh 2026-12-07; decision 034). Slices used to end
     * only once past {@link #SLICE_BYTES} and a range could be twice what it needed: these buffers grew to 17 MiB a
     * thread (decision 036).
     */
    private byte[] spanBuffer(int length) {
        byte[] buffer = spans.get();
        if (buffer == null || buffer.length < length) {
            int size = Math.max(SPAN_BUFFER, (length + (1 << 20) - 1) & -(1 << 20));
            // kept by this thread to the end of the restore; the smaller one it replaces is garbage
            OldGenerationBound.expect(size - (buffer == null ? 0 : buffer.length));
            buffer = new byte[size];
            spans.set(buffer);
        }
        return buffer;
    }

    private synchronized void record(String packId, boolean missing, int damagedChunks, List<Placement> affected) {
        PackTrouble t = troubles.computeIfAbsent(packId, k -> new PackTrouble());
        t.missing |= missing;
        t.damagedChunks += damagedChunks;
        affected.forEach(p -> t.files.add(FileNames.display(p.file().node.path())));
    }

    /** One problem per pack that was missing or had chunks failing authentication, over the whole restore. */
    synchronized List<RestoreProblem> problems() {
        List<RestoreProblem> list = new ArrayList<>();
        troubles.forEach((packId, t) -> list.add(new RestoreProblem(t.missing ? "pack " + packId + " is missing"
                : "pack " + packId + ": " + t.damagedChunks + " chunk(s) fail authentication (damaged or tampered)",
                List.copyOf(t.files))));
        return list;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
