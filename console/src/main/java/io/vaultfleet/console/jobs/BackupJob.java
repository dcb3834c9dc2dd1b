package io.vaultfleet.console.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.vaultfleet.protocol.JobStage;

/** One job as the Backup jobs view shows it. */
public record BackupJob(UUID id, UUID vaultId, UUID serverId, String serverName, String operation, String item,
                        String trigger, JobStatus status, JobStage stage, Instant startedAt, Instant endedAt,
                        long filesDone, long bytesDone, long bytesTotal, long bytesPerSecond, long bytesTransferred,
                        String recoveryPointId, String detail, String requestedBy, LocalDate retainUntil,
                        Instant lastReportAt, Instant stalledAt, String cancelRequestedBy, Instant cancelRequestedAt,
                        long skippedNotListed, String reportProblem, Instant reportProblemAt, Instant runningSince) {
    /** Whether an agent runs this job (a backup or a restore), so that Cancel can reach it. */
    public boolean cancellable() {
        return kind().runByAgent() && serverId != null && !status.finished();
    }

    /** The operation in the console's typed vocabulary (the column is checked against its names). */
    public JobOperation kind() {
        return JobOperation.valueOf(operation);
    }

    /** A restore: it brings a recovery point back and makes none. */
    public boolean restore() {
        return JobOperation.RESTORE.name().equals(operation);
    }

    /** The agent stopped reporting on this job (it may still come back and settle it). */
    public boolean stalled() {
        return stalledAt != null;
    }

    /** The agent reported on this job, but the console could not store the report (the agent sends it again). */
    public boolean reportNotStored() {
        return reportProblem != null;
    }

    /** Cancel was asked for and the job has not ended yet. */
    public boolean cancelPending() {
        return cancelRequestedAt != null && !status.finished();
    }

    /** The status as the views say it, with the stalled and cancel-requested states of an open job. */
    public String statusLabel() {
        if (status.finished()) {
            return status.label();
        }
        if (reportNotStored()) {
            return "Reported, not stored";
        }
        if (stalled()) {
            return "Stalled";
        }
        return cancelPending() ? "Cancelling" : status.label();
    }

    /** 0..1 when the total is known, else -1. */
    /**
     * How far the job got, 0–1, or -1 while unknown. A job that completed is full; one that failed or was cancelled
     * shows where it stopped (0 when nothing was measured), never a full bar that reads as success.
     */
    public double fraction() {
        if (status == JobStatus.COMPLETED || status == JobStatus.COMPLETED_WITH_WARNINGS) {
            return 1;
        }
        double measured = bytesTotal > 0 ? Math.min(1, (double) bytesDone / bytesTotal) : -1;
        return status.finished() ? Math.max(0, measured) : measured;
    }

    /** From the request (or the scheduled start) to the end, or to {@code now} while open: waiting included. */
    public Duration duration(Instant now) {
        return Duration.between(startedAt, endedAt == null ? now : endedAt);
    }

    /**
     * How long the agent ran the job: from its first report to the end (or {@code now}), without the time the request
     * waited for the agent (connecting, a startup still busy, such as its first JVM cache training); the whole
     * {@link #duration} for a job no agent ever reported on.
     */
    public Duration runDuration(Instant now) {
        if (runningSince == null || runningSince.isBefore(startedAt)) {
            return duration(now);
        }
        Instant end = endedAt == null ? now : endedAt;
        return end.isBefore(runningSince) ? Duration.ZERO : Duration.between(runningSince, end);
    }

    /** How long the request waited before its agent began (zero when it began at once or never did). */
    public Duration waited() {
        return runningSince == null || runningSince.isBefore(startedAt) ? Duration.ZERO
                : Duration.between(startedAt, runningSince);
    }
}
