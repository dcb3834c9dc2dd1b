package io.vaultfleet.protocol;

import java.util.Arrays;
import java.util.List;

/**
 * Where a job is. One vocabulary for the agent, its backup process's JSON lines, the wire ({@code job-progress.stage}
 * carries the constant's name), the console's database ({@code backup_job.stage} is checked against exactly these
 * names) and the job page. Some stages are the console's own and never travel: an agent reporting one is refused.
 */
public enum JobStage {
    /** Console only: the request waits for its agent. */
    QUEUED(false),
    /** Checks before anything is read (VSS, space, {@code sfc /verifyonly} for System State). */
    PRECHECK(true),
    /** A point-in-time copy of the source is made (VSS shadow copy, wbadmin, system configuration files). */
    SNAPSHOT(true),
    /** Files are read, chunked, encrypted and uploaded. */
    UPLOAD(true),
    /** The vault's storage cannot be reached; the backup waits and resumes when it can. */
    WAITING_FOR_STORAGE(true),
    /** Index and snapshot are written; the recovery point becomes visible. */
    FINALIZE(true),
    /** A restore: files are downloaded, decrypted and written (a restore job's stages are PRECHECK, RESTORE, FINALIZE). */
    RESTORE(true),
    /** Console only: a maintenance job (retention clean-up, purge) the console runs itself. */
    RUNNING(false),
    /** Console only: the job ended. */
    DONE(false);

    private final boolean reportedByAgent;

    JobStage(boolean reportedByAgent) {
        this.reportedByAgent = reportedByAgent;
    }

    /** Whether an agent may report this stage in {@link JobProgress}. */
    public boolean reportedByAgent() {
        return reportedByAgent;
    }

    /** The stages of an agent's backup, in the order it goes through them (waiting for storage may repeat). */
    public static List<JobStage> agentStages() {
        return Arrays.stream(values()).filter(JobStage::reportedByAgent).toList();
    }
}
