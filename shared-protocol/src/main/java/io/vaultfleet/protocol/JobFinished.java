package io.vaultfleet.protocol;

/**
 * How a job ended, reported reliably.
 *
 * @param outcome          {@code COMPLETED}, {@code COMPLETED_WITH_WARNINGS}, {@code FAILED} or {@code CANCELLED}
 * @param detail           the reason of a failure, or the warnings' summary
 * @param recoveryPointId  the recovery point made, when there is one
 * @param bytesTransferred bytes stored by this job
 */
@MessageType("job-finished")
public record JobFinished(String deliveryId, String jobId, String outcome, String detail, String recoveryPointId,
                          long filesDone, long bytesDone, long bytesTransferred) implements AgentMessage, Reliable {
    public JobFinished {
        Fields.requireText(deliveryId, "deliveryId", 64);
        Fields.requireText(jobId, "jobId", 64);
        if (!java.util.List.of("COMPLETED", "COMPLETED_WITH_WARNINGS", "FAILED", "CANCELLED").contains(outcome)) {
            throw new IllegalArgumentException("outcome must be COMPLETED, COMPLETED_WITH_WARNINGS, FAILED or CANCELLED");
        }
        detail = detail == null ? "" : (detail.length() > 2000 ? detail.substring(0, 2000) : detail);
    }
}
