package io.vaultfleet.console.monitoring;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers that came online and still wait for their alert checks, run one at a time on one thread of their own.
 * Bounded by construction: a server is queued at most once (a later reconnect replaces its time), so the queue never
 * holds more entries than there are servers, and a burst of hellos never waits for it nor takes more than one pooled
 * connection for it.
 */
final class ReconnectChecks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReconnectChecks.class);

    private final BiConsumer<UUID, Instant> check;
    private final Map<UUID, Instant> waiting = new LinkedHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("alert-rules-reconnects").factory());
    private boolean draining;

    ReconnectChecks(BiConsumer<UUID, Instant> check) {
        this.check = check;
    }

    void add(UUID serverId, Instant at) {
        boolean start;
        synchronized (waiting) {
            waiting.put(serverId, at);
            start = !draining;
            draining = true;
        }
        if (start) {
            try {
                worker.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                log.debug("console stopping: reconnect checks for {} server(s) not run", waiting.size());
            }
        }
    }

    private void drain() {
        while (true) {
            Map.Entry<UUID, Instant> next;
            synchronized (waiting) {
                Iterator<Map.Entry<UUID, Instant>> it = waiting.entrySet().iterator();
                if (!it.hasNext()) {
                    draining = false;
                    return;
                }
                next = it.next();
                it.remove();
            }
            try {
                check.accept(next.getKey(), next.getValue());
            } catch (RuntimeException e) {
                // the periodic pass clears what no longer holds; this check is not worth stopping the others for
                log.warn("alert checks for server {} back online failed: {}", next.getKey(), e.toString());
            }
        }
    }

    /** How many servers wait for their checks (tests, metrics). */
    int waiting() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
