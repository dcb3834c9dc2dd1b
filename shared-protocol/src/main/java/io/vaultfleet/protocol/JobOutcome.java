package io.vaultfleet.protocol;

/**
 * How a job ended: one vocabulary for the agent, its backup process, the wire ({@code job-finished.outcome} carries
 * the constant's name), the console's database (its {@code backup_job.status} check lists exactly these plus the
 * console's own open states) and the alerts. The names are Azure Backup's job statuses.
 */
public enum JobOutcome {
    /** Everything selected was backed up. */
    COMPLETED,
    /** A recovery point was made, but at least one item was skipped (MARS: "Completed with warnings"). */
    COMPLETED_WITH_WARNINGS,
    /** No usable recovery point; the detail says why. */
    FAILED,
    /** Stopped on request before a recovery point was made. */
    CANCELLED;

    /** Whether the job made a recovery point (with or without skipped items). */
    public boolean succeeded() {
        return this == COMPLETED || this == COMPLETED_WITH_WARNINGS;
    }
}
