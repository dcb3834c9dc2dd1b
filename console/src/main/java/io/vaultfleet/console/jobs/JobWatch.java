package io.vaultfleet.console.jobs;

import java.time.Clock;
import java.time.Instant;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.vaultfleet.console.ui.ConsoleNotice;
import io.vaultfleet.console.ui.Formats;

/**
 * Notices jobs whose agent went quiet. MARS needs 30 days to give up on a stuck job; here a job is shown stalled
 * after {@link JobWatchProperties#stalledAfter()} of silence and failed with that reason after
 * {@link JobWatchProperties#failStalledAfter()}. Nothing needs unlocking: when the agent comes back, its progress
 * revives the job and its result settles it (see {@link JobRepository#progress}).
 */
@Component
class JobWatch {
    private final JobRepository jobs;
    private final JobWatchProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    private final TransactionTemplate transaction;

    JobWatch(JobRepository jobs, JobWatchProperties properties, ApplicationEventPublisher events, Clock clock,
             PlatformTransactionManager transactions) {
        this.transaction = new TransactionTemplate(transactions);
        this.jobs = jobs;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    /** The scheduler's entry: once across console nodes per interval (docs/decisions/026). */
    @Scheduled(fixedDelayString = "${vaultfleet.jobs.watch-interval:20s}", initialDelayString = "${vaultfleet.jobs.watch-interval:20s}")
    @SchedulerLock(name = "jobs.watch",
            lockAtLeastFor = "${vaultfleet.jobs.watch-interval:20s}")
    public void scheduledSweep() {
        transaction.executeWithoutResult(status -> sweep());
    }

    @Transactional
    public void sweep() {
        Instant now = clock.instant();
        for (BackupJob job : jobs.markStalled(now.minus(properties.stalledAfter()), now)) {
            events.publishEvent(new JobChanged(job.id(), job.serverId(), job.status()));
            events.publishEvent(new ConsoleNotice(ConsoleNotice.Level.WARNING, "Job stalled on " + job.serverName(),
                    "No report from the agent since " + job.lastReportAt() + "; it is failed after "
                            + Formats.duration(properties.failStalledAfter()) + " without news.", now, job.vaultId()));
        }
        for (BackupJob job : jobs.failStalled(now.minus(properties.failStalledAfter()), now, j ->
                "stalled: the agent stopped reporting on this job at " + j.lastReportAt() + " and it was failed after "
                        + Formats.duration(properties.failStalledAfter()) + " without news. If the agent reports later, the job is "
                        + "updated with its real outcome.")) {
            events.publishEvent(new JobChanged(job.id(), job.serverId(), JobStatus.FAILED));
            events.publishEvent(new ConsoleNotice(ConsoleNotice.Level.ERROR, "Job failed on " + job.serverName(),
                    "The agent stopped reporting on it.", now, job.vaultId()));
        }
    }
}
