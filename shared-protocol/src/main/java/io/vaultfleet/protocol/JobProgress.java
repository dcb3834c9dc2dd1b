package io.vaultfleet.protocol;

/**
 * How far a job is, sent about once a second while it runs (not reliable: a lost one is replaced by the next).
 *
 * @param stage          {@code PRECHECK}, {@code SNAPSHOT}, {@code UPLOAD} or {@code FINALIZE}
 * @param bytesTotal     expected total, or -1 when not known yet
 * @param bytesPerSecond current rate
 */
@MessageType("job-progress")
public record JobProgress(String jobId, String stage, long filesDone, long bytesDone, long bytesTotal,
                          long bytesPerSecond) implements AgentMessage {
    public JobProgress {
        Fields.requireText(jobId, "jobId", 64);
        Fields.requireText(stage, "stage", 32);
    }
}
