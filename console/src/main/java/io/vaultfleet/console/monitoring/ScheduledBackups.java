package io.vaultfleet.console.monitoring;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the backup-missed rule asks of the schedules: the latest time a scheduled backup of a server was due, at or
 * before {@code now}. The policy feature implements it; until it does, no backup is ever due and the rule is quiet.
 */
public interface ScheduledBackups {
    Optional<Instant> lastDueBefore(UUID serverId, Instant now);
}
