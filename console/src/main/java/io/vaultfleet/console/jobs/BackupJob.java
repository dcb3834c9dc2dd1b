package io.vaultfleet.console.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** One job as the Backup jobs view shows it. */
public record BackupJob(UUID id, UUID vaultId, UUID serverId, String serverName, String operation, String item,
                        String trigger, JobStatus status, String stage, Instant startedAt, Instant endedAt,
                        long filesDone, long bytesDone, long bytesTotal, long bytesPerSecond, long bytesTransferred,
                        String recoveryPointId, String detail, String requestedBy) {
    /** 0..1 when the total is known, else -1. */
    public double fraction() {
        if (status.finished()) {
            return 1;
        }
        return bytesTotal > 0 ? Math.min(1, (double) bytesDone / bytesTotal) : -1;
    }

    public Duration duration(Instant now) {
        return Duration.between(startedAt, endedAt == null ? now : endedAt);
    }
}
