package io.vaultfleet.console.platform;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work a feature hands over after a commit, run one task at a time on a thread of its own, in the order it was handed
 * over. A {@code @TransactionalEventListener} runs in the committing thread while that thread's pooled connection is
 * still bound to it: work there that takes a connection of its own takes a second one, and a burst of such commits
 * holds every connection of the pool waiting for another (decisions 031, 035). Handed over, the work takes one
 * connection at a time on this thread. The queue holds one task per commit not yet worked through.
 */
public final class OrderedWork implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OrderedWork.class);

    private final String name;
    private final ExecutorService worker;

    /** {@code name} names the thread and the work in log lines. */
    public OrderedWork(String name) {
        this.name = name;
        this.worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name(name).factory());
    }

    /**
     * Runs {@code task} after the tasks handed over before it. What it throws is logged with {@code what}, and the
     * next task runs; once the console is stopping, the task is not run and that is logged.
     */
    public void submit(Runnable task, Supplier<String> what) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("{} failed: {}", what.get(), e.toString());
                }
            });
        } catch (RejectedExecutionException stopping) {
            log.warn("console stopping: {} not run", what.get());
        }
    }

    /** Waits until every task handed over so far has run (tests). */
    public void awaitIdle() throws InterruptedException, ExecutionException {
        worker.submit(() -> { }).get();
    }

    /** Lets the tasks already handed over run, for up to 10 s; what is left then is logged and dropped. */
    @Override
    public void close() throws InterruptedException {
        worker.shutdown();
        if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("console stopping: {} task(s) of {} not run", worker.shutdownNow().size(), name);
        }
    }
}
