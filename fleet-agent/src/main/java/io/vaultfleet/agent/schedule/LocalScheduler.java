package io.vaultfleet.agent.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.protocol.policy.AgentPolicy;

/**
 * Runs the stored policy's schedule on this server, with or without the console. Each {@link #tick()} reads the
 * clock; when one or more backup times passed since the last tick, every item of the policy is started once (missed
 * times while the agent was stopped are caught up as one backup, not one per missed time). When it last started
 * backups is kept in {@code <home>/schedule-state} (written only then, not every second), so a restart neither
 * repeats nor loses a backup; a new policy starts counting from when it arrived.
 */
public final class LocalScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalScheduler.class);
    static final String STATE_FILE = "schedule-state";

    /** Starts the backups of one scheduled time. */
    @FunctionalInterface
    public interface Trigger {
        void backUp(AgentPolicy policy, String item, Instant scheduledFor);
    }

    private final PolicyStore store;
    private final Path stateFile;
    private final Clock clock;
    private final Trigger trigger;
    private ScheduledExecutorService timer;

    public LocalScheduler(Path agentHome, PolicyStore store, Clock clock, Trigger trigger) {
        this.store = store;
        this.stateFile = agentHome.resolve(STATE_FILE);
        this.clock = clock;
        this.trigger = trigger;
    }

    /** Ticks every second until closed. */
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "backup-schedule");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                log.error("the backup schedule failed to run", e);
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** Starts whatever is due; returns the scheduled time it started backups for, if any. */
    public synchronized Optional<Instant> tick() {
        Instant now = clock.instant();
        Optional<AgentPolicy> policy = store.load().policy();
        if (policy.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> last = lastTick();
        if (last.isEmpty() || last.get().isAfter(now)) {
            remember(now);
            return Optional.empty();
        }
        Optional<Instant> due = policy.get().schedule().latestBetween(last.get(), now);
        due.ifPresent(at -> {
            remember(now);
            log.info("scheduled backup of {} for {} (policy '{}')", policy.get().items(), at, policy.get().name());
            for (String item : policy.get().items()) {
                trigger.backUp(policy.get(), item, at);
            }
        });
        return due;
    }

    /** A new policy arrived: its schedule counts from now, earlier times of it are not caught up. */
    public synchronized void policyChanged() {
        remember(clock.instant());
    }

    /** When the next backup runs under the stored policy, if there is one. */
    public Optional<Instant> nextBackup() {
        return store.load().policy().map(p -> p.schedule().nextAfter(clock.instant()));
    }

    private Optional<Instant> lastTick() {
        try {
            return Files.exists(stateFile) ? Optional.of(Instant.parse(Files.readString(stateFile).strip()))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read {}: {}; counting the schedule from now", stateFile, e.getMessage());
            return Optional.empty();
        }
    }

    private void remember(Instant at) {
        try {
            Path tmp = stateFile.resolveSibling(STATE_FILE + ".tmp");
            Files.writeString(tmp, at.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.warn("cannot write {}: {}", stateFile, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
