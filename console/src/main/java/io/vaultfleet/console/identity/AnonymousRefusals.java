package io.vaultfleet.console.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Audits refusals of callers nobody has authenticated yet (agent connections, registrations, agent endpoints)
 * without letting them fill the audit table: per source address, the first refusal of each kind in a minute is
 * recorded as it happens and the repeats are counted into one summary entry when the minute is over. A source that
 * varies what it claims (a new server id each time) gets at most {@code vaultfleet.audit.refusal-kinds-per-source}
 * kinds per minute; past that its refusals fold into one kind. Memory is bounded the same way across sources.
 */
@Component
public class AnonymousRefusals {
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_TRACKED = 10_000;

    /** Where entries go: {@link AuditLog#recordAs} with outcome DENIED. */
    interface Sink {
        void denied(String actor, String action, String target, String detail);
    }

    private record Key(String source, String actor, String action, String kind) {
    }

    private static final class Window {
        final Instant start;
        final String actor;
        final String target;
        int repeats;
        String lastReason;

        Window(Instant start, String actor, String target) {
            this.start = start;
            this.actor = actor;
            this.target = target;
        }
    }

    private final Sink sink;
    private final Clock clock;
    private final int kindsPerSource;
    private final Map<Key, Window> windows = new HashMap<>();
    private final Map<String, Integer> kindsBySource = new HashMap<>();

    @Autowired
    AnonymousRefusals(AuditLog audit, Clock clock,
                      @Value("${vaultfleet.audit.refusal-kinds-per-source:50}") int kindsPerSource) {
        this((actor, action, target, detail) -> audit.recordAs(actor, action, target, AuditLog.Outcome.DENIED, detail),
                clock, kindsPerSource);
    }

    AnonymousRefusals(Sink sink, Clock clock, int kindsPerSource) {
        this.sink = sink;
        this.clock = clock;
        this.kindsPerSource = kindsPerSource;
    }

    /**
     * A refusal of {@code action} for a caller at {@code source}.
     *
     * @param actor  who the caller claimed to be, e.g. {@code server:<id>@<address>} or {@code agent@<address>}
     * @param kind   the refusal's category (not its full text, which may vary with every attempt)
     * @param reason the full reason, as told to the caller
     */
    public void refused(String source, String actor, String action, String target, String kind, String reason) {
        Instant now = clock.instant();
        List<Runnable> writes = new ArrayList<>(2);
        synchronized (this) {
            closeExpired(now, writes);
            Key key = new Key(source, actor, action, kind);
            if (!windows.containsKey(key) && (kindsBySource.getOrDefault(source, 0) >= kindsPerSource
                    || windows.size() >= MAX_TRACKED)) {
                // too many kinds from this source (or sources overall): count them together
                key = windows.size() >= MAX_TRACKED ? new Key("*", "agent@*", action, "*")
                        : new Key(source, "agent@" + source, action, "*");
            }
            Window window = windows.get(key);
            if (window == null) {
                windows.put(key, new Window(now, key.actor(), target));
                kindsBySource.merge(key.source(), 1, Integer::sum);
                writes.add(() -> sink.denied(actor, action, target, reason));
            } else {
                window.repeats++;
                window.lastReason = reason;
            }
        }
        // database writes outside the lock
        writes.forEach(Runnable::run);
    }

    /** Writes the summaries of the windows that are over. Also runs on every refusal. */
    @Scheduled(fixedDelayString = "PT30S")
    public void flush() {
        List<Runnable> writes = new ArrayList<>();
        synchronized (this) {
            closeExpired(clock.instant(), writes);
        }
        writes.forEach(Runnable::run);
    }

    private void closeExpired(Instant now, List<Runnable> writes) {
        for (Iterator<Map.Entry<Key, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Window> entry = it.next();
            Window window = entry.getValue();
            if (now.isBefore(window.start.plus(WINDOW))) {
                continue;
            }
            it.remove();
            kindsBySource.computeIfPresent(entry.getKey().source(), (s, n) -> n <= 1 ? null : n - 1);
            if (window.repeats > 0) {
                Key key = entry.getKey();
                String detail = window.repeats + " more refusal" + (window.repeats == 1 ? "" : "s") + " like this from "
                        + key.source() + " between " + window.start + " and " + now
                        + " (recorded together, not one by one); the last: " + window.lastReason;
                writes.add(() -> sink.denied(window.actor, key.action(), window.target, detail));
            }
        }
    }
}
