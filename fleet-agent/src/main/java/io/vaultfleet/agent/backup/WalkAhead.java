package io.vaultfleet.agent.backup;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.vaultfleet.agent.host.PhaseLog;
import io.vaultfleet.agent.source.FileSelection;
import io.vaultfleet.agent.source.FileWalker;
import io.vaultfleet.agent.source.SourceEntry;
import io.vaultfleet.agent.source.SourceWarning;

/**
 * The metadata walk, started on its own thread before the repository is open, so that reading metadata (one stat per
 * path) overlaps with key derivation, index loading and decoding the previous manifest instead of following them.
 * Entries and warnings wait in a bounded queue ({@link #CAPACITY} items: memory stays bounded, the walk simply
 * pauses when the backup falls behind). {@link #stop()} ends it early when the backup fails.
 */
public final class WalkAhead {
    /**
     * 8,192 entries (each a node, ~300 bytes with its path): a few MiB. It was 65,536 (~20 MiB of nodes waiting) —
     * a heap that small backups never notice, but the same heap the file lists of a 200,000-file item need. 2,048
     * was tried (decision 039: a first backup of 100,000 tiny files ~10 MiB lower) and not kept: with the page cache
     * cold, the stats the queue holds are what overlaps the key derivation and the index loading.
     */
    static final int CAPACITY = 8_192;
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Throwable failure;

    private WalkAhead(FileSelection selection) {
        this.thread = Thread.ofPlatform().daemon().name("walk").unstarted(() -> {
            try {
                FileWalker.walk(selection, this::offer, this::offer);
                PhaseLog.mark("metadata walk finished");
            } catch (Stopped e) {
                return;
            } catch (RuntimeException | Error e) {
                // an Error too (a native library that does not load, a class that fails to initialise): the backup
                // must fail with it, not wait for ever for an end the walk would never offer
                failure = e;
            }
            try {
                offer(END);
            } catch (Stopped e) {
                // nobody is waiting any more
            }
        });
    }

    /** Starts walking {@code selection} now. */
    public static WalkAhead start(FileSelection selection) {
        WalkAhead walk = new WalkAhead(selection);
        walk.thread.start();
        return walk;
    }

    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private void offer(Object item) {
        try {
            while (!queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
                if (stopped) {
                    throw new Stopped();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    /** What the walk reports, in walk order. */
    interface Consumer {
        void entry(SourceEntry entry) throws InterruptedException;

        void warning(SourceWarning warning);
    }

    /** Hands every entry and warning to {@code consumer} until the walk ends. */
    void drainTo(Consumer consumer) throws InterruptedException {
        while (true) {
            Object item = queue.take();
            if (item == END) {
                if (failure != null) {
                    throw new IllegalStateException("the file walk failed: " + failure.getMessage(), failure);
                }
                return;
            }
            if (item instanceof SourceEntry e) {
                consumer.entry(e);
            } else {
                consumer.warning((SourceWarning) item);
            }
        }
    }

    /** Ends the walk early (the backup failed or was cancelled). */
    public void stop() {
        stopped = true;
        queue.clear();
    }
}
