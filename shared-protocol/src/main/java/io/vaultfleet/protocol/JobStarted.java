package io.vaultfleet.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * The agent started a job the console did not ask for (a scheduled backup), reported reliably before any progress
 * or {@link JobFinished} of that job, so the console shows the job even when it was offline while it ran.
 *
 * @param jobId        chosen by the agent (a UUID)
 * @param item         {@code FILES_AND_FOLDERS}, {@code SYSTEM_CONFIGURATION} or {@code SYSTEM_STATE}
 * @param trigger      {@code SCHEDULED}
 * @param scheduledFor the schedule's time the job runs for
 * @param startedAt    when the agent started it
 * @param policyHash   the hash of the policy that scheduled it
 */
@MessageType("job-started")
public record JobStarted(String deliveryId, String jobId, String item, String trigger, Instant scheduledFor,
                         Instant startedAt, String policyHash) implements AgentMessage, Reliable {
    public JobStarted {
        Fields.requireText(deliveryId, "deliveryId", 64);
        Fields.requireText(jobId, "jobId", 64);
        if (!BackupNow.ITEMS.contains(item)) {
            throw new IllegalArgumentException("item must be one of " + BackupNow.ITEMS);
        }
        if (!"SCHEDULED".equals(trigger)) {
            throw new IllegalArgumentException("trigger must be SCHEDULED");
        }
        Objects.requireNonNull(scheduledFor, "scheduledFor is required");
        Objects.requireNonNull(startedAt, "startedAt is required");
        policyHash = policyHash == null ? "" : policyHash;
    }
}
