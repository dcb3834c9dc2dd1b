package io.vaultfleet.agent.host;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keeps a backup process's old generation near what it holds live (decision 033). The serial collector (what backup
 * and restore processes run with) grows its old generation, rather than collecting it, until the heap cap: whatever
 * is promoted and then dropped stays resident to the end of the run, so the peak RSS of a long backup was the cap
 * whatever the backup held. This watches the old generation and asks for a full collection once it holds
 * {@link #HEADROOM} more than after the last one (plus the buffers the backup's pools allocated meanwhile, which
 * are not garbage: {@link #expect}), but never spends more than about 1/{@link #TIME_SHARE} of the
 * time in those collections: a process whose live data grows keeps growing its heap, only its garbage is bounded.
 * A no-op under any other collector (no "Tenured Gen" pool).
 */
public final class OldGenerationBound {
    /**
     * 16 MiB until decision 039: with the 12 MiB young generation, an unchanged backup of 100,000 tiny files peaked
     * ~8 MiB lower at 8 (its old generation 22 MiB instead of 30, ~20 ms a collection, a few a second at most).
     */
    static final long HEADROOM = 8L * 1024 * 1024;
    /** 1/TIME_SHARE of the time at most; a test may set 1 (no quiet time) to check the bound alone. */
    static final int TIME_SHARE = Integer.getInteger("vaultfleet.oldGenerationBound.timeShare", 20);
    private static final long POLL_MILLIS = 100;
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Long-lived buffers allocated since the last collection (they are not garbage: no collection for them). */
    private static final AtomicLong EXPECTED = new AtomicLong();

    private OldGenerationBound() {
    }

    /** Starts the watch once per process (later calls do nothing); false when the collector is not the serial one. */
    public static boolean start() {
        Optional<MemoryPoolMXBean> tenured = tenured();
        if (tenured.isEmpty() || !STARTED.compareAndSet(false, true)) {
            return tenured.isPresent();
        }
        LongSupplier fullCollections = fullCollections();
        // counted here, not when the thread first runs: a collection between the two would go unnoticed, and with
        // it the expectations it made stale
        long collections = fullCollections.getAsLong();
        Thread.ofPlatform().daemon().name("old-generation-bound")
                .start(() -> watch(tenured.get(), fullCollections, collections));
        return true;
    }

    /** How many full collections the serial collector has run ("MarkSweepCompact"), or -1 if unknown. */
    private static LongSupplier fullCollections() {
        Optional<GarbageCollectorMXBean> full = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(c -> c.getName().equals("MarkSweepCompact")).findFirst();
        return full.isPresent() ? full.get()::getCollectionCount : () -> -1;
    }

    /**
     * Tells the bound that {@code bytes} were just allocated for a buffer kept for the rest of the run (the backup's
     * pools): the old generation's growth by them is not garbage, and collecting for it would only cost time.
     */
    public static void expect(long bytes) {
        EXPECTED.addAndGet(bytes);
    }

    static Optional<MemoryPoolMXBean> tenured() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getName().equals("Tenured Gen")).findFirst();
    }

    /** Whether the old generation holds more than {@code headroom} above its size after the last full collection. */
    static boolean overBound(MemoryPoolMXBean pool, long headroom) {
        MemoryUsage afterLast = pool.getCollectionUsage();
        long live = afterLast == null ? 0 : afterLast.getUsed();
        return pool.getUsage().getUsed() > live + headroom + EXPECTED.get();
    }

    private static void watch(MemoryPoolMXBean pool, LongSupplier fullCollections, long collectionsAtStart) {
        long quietUntil = 0;
        long collections = collectionsAtStart;
        try {
            while (true) {
                Thread.sleep(POLL_MILLIS);
                long now = fullCollections.getAsLong();
                if (now != collections) {
                    // a full collection this bound did not ask for (after a key derivation, between the standby's
                    // warm-up steps): what was expected before it is in its usage now. Kept, the standby's warm-up
                    // expectations (every step's pools) silenced the bound for its job (decision 036)
                    collections = now;
                    EXPECTED.set(0);
                }
                if (System.nanoTime() - quietUntil < 0 || !overBound(pool, HEADROOM)) {
                    continue;
                }
                long start = System.nanoTime();
                EXPECTED.set(0); // what was expected is live now, counted in the collection's usage
                System.gc();
                collections = fullCollections.getAsLong();
                long took = System.nanoTime() - start;
                quietUntil = System.nanoTime() + took * (TIME_SHARE - 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
