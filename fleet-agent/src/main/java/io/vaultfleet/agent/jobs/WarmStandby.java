package io.vaultfleet.agent.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps, once asked to, one warm backup process waiting for the next job ({@code fleet-agent standby},
 * {@link Standby}): the first started after a given delay, each next one a while after a job that used it ended, and
 * none while a job runs (its warm-up would take CPU from the backup). The standby is taken by one job only.
 */
final class WarmStandby implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WarmStandby.class);

    private final ScheduledExecutorService scheduler;
    private final Supplier<List<String>> agentCommand;
    private final Path home;
    private final BooleanSupplier jobsRunning;
    private final AtomicReference<Standby> standby = new AtomicReference<>();
    private volatile boolean keep;
    private volatile boolean closed;
    private volatile Duration afterJob;

    /**
     * @param agentCommand how to start the agent now (with the JVM startup cache once it is ready)
     * @param jobsRunning  whether a job runs now (no standby is started then)
     */
    WarmStandby(ScheduledExecutorService scheduler, Supplier<List<String>> agentCommand, Path home,
                BooleanSupplier jobsRunning) {
        this.scheduler = scheduler;
        this.agentCommand = agentCommand;
        this.home = home;
        this.jobsRunning = jobsRunning;
    }

    /** From now on keeps a standby: the first after {@code after}, the next ones {@code afterJob} after a job. */
    void keep(Duration after, Duration afterJob) {
        this.afterJob = afterJob;
        keep = true;
        schedule(after);
    }

    /** A job ended: the next standby starts a while later (if one is kept). */
    void jobEnded() {
        if (keep && !closed) {
            schedule(afterJob);
        }
    }

    /** Hands {@code backupArguments} to the waiting standby; null when none is ready (the job starts its own process). */
    ChildProcesses.Launched take(List<String> backupArguments) {
        Standby warm = standby.getAndSet(null);
        return warm == null ? null : warm.handOff(backupArguments);
    }

    /** The standby process's pid while one is ready and waiting. */
    OptionalLong pid() {
        Standby warm = standby.get();
        return warm != null && warm.isReady() ? OptionalLong.of(warm.pid()) : OptionalLong.empty();
    }

    private void schedule(Duration after) {
        try {
            scheduler.schedule(this::prepare, after.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void prepare() {
        if (!keep || closed || jobsRunning.getAsBoolean()) {
            return;
        }
        Standby current = standby.get();
        if (current != null && (current.isReady() || current.isWarming())) {
            return;
        }
        try {
            Standby started = Standby.start(agentCommand.get(), home);
            if (!standby.compareAndSet(current, started)) {
                started.close();
            } else if (current != null) {
                current.close();
            }
        } catch (IOException e) {
            log.warn("standby backup process not started: {}; backups start a process of their own", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        Standby warm = standby.getAndSet(null);
        if (warm != null) {
            warm.close();
        }
    }
}
