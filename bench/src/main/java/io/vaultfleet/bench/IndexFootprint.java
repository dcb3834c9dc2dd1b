package io.vaultfleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.PackEntry;

/**
 * The chunk index's cost per chunk (decision 021): the map it was until then ({@code ConcurrentHashMap<ChunkId,
 * Location>}, one pack id string shared per pack, as the old {@code Index} built it) next to the memory-mapped table
 * that replaced it. Heap bytes per chunk after a full collection, inserts and lookups per second (one and two
 * threads, hits and misses; lookups the best of three runs). Prints a Markdown table. Usage:
 * {@code IndexFootprint [chunks] [scratch folder]}; run it with a heap big enough for the old map (e.g.
 * {@code -Xmx1g}) so both are measured in the same JVM.
 */
public final class IndexFootprint {
    private static final int PER_PACK = 10_000;

    /** The index under measurement: the old map or the new table. */
    interface Subject extends AutoCloseable {
        void addPack(String packId, List<PackEntry> entries);

        Index.Location lookup(ChunkId id);

        @Override
        void close();
    }

    static final class OldMap implements Subject {
        final Map<ChunkId, Index.Location> chunks = new ConcurrentHashMap<>();

        @Override
        public void addPack(String packId, List<PackEntry> entries) {
            for (PackEntry e : entries) {
                chunks.putIfAbsent(e.id(), new Index.Location(packId, e.flags(), e.offset(), e.sealedLength(),
                        e.plainLength()));
            }
        }

        @Override
        public Index.Location lookup(ChunkId id) {
            return chunks.get(id);
        }

        @Override
        public void close() {
            chunks.clear();
        }
    }

    static final class Table implements Subject {
        final Index index;

        Table(Path dir) {
            index = new Index(dir);
        }

        @Override
        public void addPack(String packId, List<PackEntry> entries) {
            index.addPack(packId, entries);
        }

        @Override
        public Index.Location lookup(ChunkId id) {
            return index.lookup(id);
        }

        @Override
        public void close() {
            index.close();
        }
    }

    static ChunkId id(long n) {
        // a splitmix-style spread, like HMAC output
        return new ChunkId(mix(n), mix(n + 0x1000_0000_0000L), mix(n + 0x2000_0000_0000L), mix(n + 0x3000_0000_0000L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long folderBytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            long total = 0;
            for (Path p : s.toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    public static void main(String[] args) throws Exception {
        int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/index-footprint"));
        System.out.println("| index | chunks | heap bytes/chunk | file bytes/chunk | inserts/s | lookups/s 1 thread |"
                + " lookups/s 2 threads | misses/s 1 thread |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int round = 0; round < 2; round++) {
            // the first round warms the JIT; the second is printed
            measure("ConcurrentHashMap (before)", () -> new OldMap(), chunks, dir, round == 1);
            measure("mapped table (decision 021)", () -> new Table(dir), chunks, dir, round == 1);
        }
    }

    private static void measure(String name, Supplier<Subject> make, int chunks, Path dir,
            boolean print) throws Exception {
        long before = usedHeap();
        long insertNanos = 0;
        try (Subject subject = make.get()) {
            for (int p = 0; p * PER_PACK < chunks; p++) {
                List<PackEntry> entries = new ArrayList<>(PER_PACK);
                for (int i = p * PER_PACK; i < Math.min(chunks, (p + 1) * PER_PACK); i++) {
                    entries.add(new PackEntry(id(i), i & 1, i * 13, 40 + (i & 0xffff), 1 + (i & 0xffff)));
                }
                String packId = String.format("%064x", p);
                long t0 = System.nanoTime();
                subject.addPack(packId, entries);
                insertNanos += System.nanoTime() - t0;
            }
            long heap = usedHeap() - before;
            long file = folderBytes(dir);
            // ids made before timing, so the lookups are measured, not the id generator
            ChunkId[] present = new ChunkId[chunks];
            ChunkId[] absent = new ChunkId[chunks];
            for (int i = 0; i < chunks; i++) {
                present[i] = id(i);
                absent[i] = id(chunks + (long) i);
            }
            double hits1 = best(subject, present, 1, true);
            double hits2 = best(subject, present, 2, true);
            double misses = best(subject, absent, 1, false);
            if (print) {
                System.out.println(String.format(Locale.ROOT,
                        "| %s | %,d | %,d | %,d | %,.0f | %,.0f | %,.0f | %,.0f |",
                        name, chunks, heap / chunks, file / chunks, chunks / (insertNanos / 1e9), hits1, hits2,
                        misses));
            }
        }
    }

    /** The best of three runs: on a shared machine the slower ones measure the neighbours. */
    private static double best(Subject subject, ChunkId[] ids, int threads, boolean present) throws Exception {
        double best = 0;
        for (int i = 0; i < 3; i++) {
            best = Math.max(best, lookups(subject, ids, threads, present));
        }
        return best;
    }

    /** Lookups per second over all threads; {@code present}: every id must be found, else none. */
    private static double lookups(Subject subject, ChunkId[] ids, int threads, boolean present) throws Exception {
        int chunks = ids.length;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> found = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                found.add(pool.submit(() -> {
                    long n = 0;
                    for (long i = thread; i < chunks; i += threads) {
                        if (subject.lookup(ids[(int) i]) != null) {
                            n++;
                        }
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Long> f : found) {
                total += f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (total != (present ? chunks : 0)) {
                throw new IllegalStateException(total + " lookups found, expected " + (present ? chunks : 0));
            }
            return chunks / seconds;
        } finally {
            pool.shutdown();
        }
    }
}
