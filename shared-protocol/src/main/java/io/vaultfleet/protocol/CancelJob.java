package io.vaultfleet.protocol;

/**
 * Cancel: the console asks the agent to stop job {@code jobId}. The agent stops the job's process and reports a
 * {@link JobFinished} with outcome {@code CANCELLED}; when the job is not running (it already ended, or the agent
 * restarted since), the agent ignores the request and the job's own result, already queued, settles it.
 *
 * @param jobId the console's job id
 * @param by    who cancelled, for the agent's log
 */
@MessageType("cancel-job")
public record CancelJob(String jobId, String by) implements ConsoleMessage {
    public CancelJob {
        Fields.requireText(jobId, "jobId", 64);
        by = by == null ? "" : (by.length() > 128 ? by.substring(0, 128) : by);
    }
}
