package io.vaultfleet.console.jobs;

import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.console.fleet.AgentEventHandler;
import io.vaultfleet.console.fleet.AgentReportHandler;
import io.vaultfleet.console.fleet.ReportRejectedException;
import io.vaultfleet.console.fleet.ReportUnreadable;
import io.vaultfleet.console.fleet.ReportingServer;
import io.vaultfleet.console.ui.ConsoleNotice;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.JobStarted;

/** Progress and results of jobs, as agents report them; only the server that runs a job may report on it. */
final class JobReports {
    private static final Logger log = LoggerFactory.getLogger(JobReports.class);

    @Component
    static class Progress implements AgentEventHandler<JobProgress> {
        private final JobRepository jobs;
        private final ApplicationEventPublisher events;

        private final Clock clock;

        Progress(JobRepository jobs, ApplicationEventPublisher events, Clock clock) {
            this.jobs = jobs;
            this.events = events;
            this.clock = clock;
        }

        @Override
        public Class<JobProgress> eventType() {
            return JobProgress.class;
        }

        @Override
        @Transactional
        public void handle(ReportingServer server, JobProgress p) {
            UUID id = parse(p.jobId());
            if (id != null && jobs.progress(id, server.id(), p.stage(), p.filesDone(), p.bytesDone(), p.bytesTotal(),
                    p.bytesPerSecond(), clock.instant())) {
                events.publishEvent(new JobChanged(id, server.id(), JobStatus.IN_PROGRESS));
            }
        }
    }

    /**
     * A job the agent started itself (a scheduled backup): the console creates its row, so its progress and end are
     * shown like any other job's. Reliable, and queued before the job's {@link JobFinished}, so a job that ran while
     * the console was unreachable appears once the agent is back.
     */
    @Component
    static class Started implements AgentReportHandler<JobStarted> {
        private final JobRepository jobs;
        private final ApplicationEventPublisher events;
        private final Clock clock;

        Started(JobRepository jobs, ApplicationEventPublisher events, Clock clock) {
            this.jobs = jobs;
            this.events = events;
            this.clock = clock;
        }

        @Override
        public Class<JobStarted> reportType() {
            return JobStarted.class;
        }

        @Override
        @Transactional
        public void store(ReportingServer server, JobStarted s) {
            UUID id = parse(s.jobId());
            if (id == null) {
                throw new ReportRejectedException("job id " + s.jobId() + " is not a UUID");
            }
            if (server.vaultId() == null) {
                throw new ReportRejectedException("server " + server.name() + " is not registered in a vault");
            }
            if (!jobs.insertScheduled(id, server.vaultId(), server.id(), s.item(), s.startedAt(), clock.instant())) {
                log.warn("server {} reported the start of job {} which already exists; ignored", server.name(), id);
                return;
            }
            events.publishEvent(new JobChanged(id, server.id(), JobStatus.IN_PROGRESS));
        }
    }

    @Component
    static class Finished implements AgentReportHandler<JobFinished> {
        private final JobRepository jobs;
        private final ApplicationEventPublisher events;
        private final Clock clock;

        Finished(JobRepository jobs, ApplicationEventPublisher events, Clock clock) {
            this.jobs = jobs;
            this.events = events;
            this.clock = clock;
        }

        @Override
        public Class<JobFinished> reportType() {
            return JobFinished.class;
        }

        @Override
        @Transactional
        public void store(ReportingServer server, JobFinished f) {
            UUID id = parse(f.jobId());
            if (id == null) {
                throw new ReportRejectedException("job id " + f.jobId() + " is not a UUID");
            }
            JobStatus status = JobStatus.of(f.outcome());
            var before = jobs.find(id).filter(j -> server.id().equals(j.serverId()));
            boolean failedAsStalled = before.map(j -> j.status() == JobStatus.FAILED && j.stalled()).orElse(false);
            String detail = failedAsStalled ? (f.detail().isEmpty() ? "" : f.detail() + " ")
                    + "(reported by the agent after the console had failed the job as stalled)" : f.detail();
            if (!jobs.finish(id, server.id(), status, detail, f.recoveryPointId(), f.filesDone(), f.bytesDone(),
                    f.bytesTransferred(), clock.instant(), f.skipped(), f.skippedNotListed())) {
                log.warn("server {} reported the end of job {} which is not its running job; ignored", server.name(), id);
                return;
            }
            events.publishEvent(new JobChanged(id, server.id(), status));
            boolean restore = before.map(BackupJob::restore).orElse(false);
            if (!restore) {
                // a restore's recoveryPointId is the point it brought back, not a new one: backup health ignores it
                events.publishEvent(new BackupJobEnded(id, server.vaultId(), server.id(), server.name(),
                        before.map(BackupJob::item).orElse(null), status, before.map(BackupJob::stage).orElse(null),
                        f.detail(), clock.instant()));
            }
            ConsoleNotice.Level level = switch (status) {
                case COMPLETED -> ConsoleNotice.Level.SUCCESS;
                case COMPLETED_WITH_WARNINGS -> ConsoleNotice.Level.WARNING;
                default -> ConsoleNotice.Level.ERROR;
            };
            events.publishEvent(new ConsoleNotice(level, (restore ? "Restore on " : "Backup of ") + server.name()
                    + ": " + status.label(),
                    f.detail(), clock.instant(), server.vaultId()));
        }

        @Override
        @Transactional(propagation = Propagation.REQUIRES_NEW)
        public void notStored(ReportingServer server, JobFinished f, String problem) {
            UUID id = parse(f.jobId());
            String what = "The agent reported this job " + JobStatus.of(f.outcome()).label().toLowerCase(Locale.ROOT)
                    + (f.skippedCount() > 0 ? " (" + f.skippedCount() + " item(s) skipped)" : "")
                    + ", but the console could not store the report: " + problem
                    + ". The agent keeps the report and sends it again; the job is updated once it is stored.";
            if (id != null && jobs.recordReportProblem(id, server.id(), what, clock.instant())) {
                jobs.find(id).ifPresent(job -> events.publishEvent(new JobChanged(id, server.id(), job.status())));
            }
        }
    }

    /**
     * The agent reported the end of a job in a form this console cannot read (e.g. an outcome a newer agent knows):
     * the job says so on its page instead of waiting as if the agent had never reported; the agent sends the report
     * again until a console that reads it stores it.
     */
    @Component
    static class Unreadable {
        private final JobRepository jobs;
        private final ApplicationEventPublisher events;
        private final Clock clock;

        Unreadable(JobRepository jobs, ApplicationEventPublisher events, Clock clock) {
            this.jobs = jobs;
            this.events = events;
            this.clock = clock;
        }

        @EventListener
        @Transactional
        public void on(ReportUnreadable report) {
            if (!"job-finished".equals(report.type()) || !report.payload().path("jobId").isString()) {
                return;
            }
            UUID id = parse(report.payload().path("jobId").asString());
            String what = "The agent reported the end of this job, but the console could not read the report: "
                    + report.problem() + ". The agent keeps the report and sends it again; the job is updated once "
                    + "a console that reads it stores it (upgrade the console if the agent is newer).";
            if (id != null && jobs.recordReportProblem(id, report.serverId(), what, clock.instant())) {
                log.warn("job {}: the agent's result could not be read: {}", id, report.problem());
                jobs.find(id).ifPresent(job -> events.publishEvent(new JobChanged(id, report.serverId(), job.status())));
            }
        }
    }

    private JobReports() {
    }

    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
