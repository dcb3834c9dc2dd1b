package io.vaultfleet.protocol;

import java.util.Objects;

/**
 * How far a job is, sent about once a second while it runs (not reliable: a lost one is replaced by the next).
 *
 * @param stage          one the agent reports ({@link JobStage#reportedByAgent()}); on the wire, the constant's name
 * @param bytesTotal     expected total, or -1 when not known yet
 * @param bytesPerSecond current rate
 */
@MessageType("job-progress")
public record JobProgress(String jobId, JobStage stage, long filesDone, long bytesDone, long bytesTotal,
                          long bytesPerSecond) implements AgentMessage {
    public JobProgress {
        Fields.requireText(jobId, "jobId", 64);
        Objects.requireNonNull(stage, "stage is required");
        if (!stage.reportedByAgent()) {
            throw new IllegalArgumentException("stage " + stage + " is the console's own; an agent reports one of "
                    + JobStage.agentStages());
        }
    }
}
