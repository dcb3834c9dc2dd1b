package io.vaultfleet.console.jobs;

/**
 * What a job does; {@code backup_job.operation} holds exactly these names (its check constraint lists them).
 * Backups and restores run on an agent (Cancel reaches them, the stall watch follows them); the others are the
 * console's own maintenance of a server's storage.
 */
public enum JobOperation {
    BACKUP, RESTORE, RETENTION_CLEANUP, PURGE,
    /** Geo-replication's *Verify secondary copy*: both copies listed and compared (the console's own). */
    VERIFY_SECONDARY_COPY;

    /** Whether an agent runs jobs of this kind (so Cancel and the stall watch apply). */
    public boolean runByAgent() {
        return this == BACKUP || this == RESTORE;
    }
}
