package io.vaultfleet.console.jobs;

import java.time.Instant;
import java.util.UUID;

import io.vaultfleet.protocol.JobStage;

/**
 * An agent reported the end of a job. Unlike {@link JobChanged} it says where a failed job stopped, so monitoring can
 * tell a precheck failure (stage {@code PRECHECK}) or a storage error (stage {@code UPLOAD}) from other failures.
 *
 * @param lastStage the stage the job was in when it ended, or null when the agent never reported progress
 */
public record BackupJobEnded(UUID jobId, UUID vaultId, UUID serverId, String serverName, String item,
                             JobStatus status, JobStage lastStage, String detail, Instant endedAt) {
}
