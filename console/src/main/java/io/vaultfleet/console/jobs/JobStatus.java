package io.vaultfleet.console.jobs;

import io.vaultfleet.protocol.JobOutcome;

/**
 * Where a job is, in the Backup console's words: the two open states the console keeps, then exactly the agent's
 * {@link JobOutcome}s under the same names (the {@code backup_job.status} check constraint lists these names).
 */
public enum JobStatus {
    QUEUED("Queued"), IN_PROGRESS("In progress"), COMPLETED("Completed"),
    COMPLETED_WITH_WARNINGS("Completed with warnings"), FAILED("Failed"), CANCELLED("Cancelled");

    private final String label;

    JobStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean finished() {
        return outcome() != null;
    }

    /** The outcome this status is, or null for the open states. */
    public JobOutcome outcome() {
        return switch (this) {
            case QUEUED, IN_PROGRESS -> null;
            case COMPLETED -> JobOutcome.COMPLETED;
            case COMPLETED_WITH_WARNINGS -> JobOutcome.COMPLETED_WITH_WARNINGS;
            case FAILED -> JobOutcome.FAILED;
            case CANCELLED -> JobOutcome.CANCELLED;
        };
    }

    /** The status of a job that ended with {@code outcome}. */
    public static JobStatus of(JobOutcome outcome) {
        return switch (outcome) {
            case COMPLETED -> COMPLETED;
            case COMPLETED_WITH_WARNINGS -> COMPLETED_WITH_WARNINGS;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
        };
    }
}
