package io.vaultfleet.console.monitoring;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * What the backup-missed rule asks of the schedules (the policy feature implements it): for each of these servers
 * that has a schedule, the latest time a scheduled backup was due at or before {@code atOrBefore} (and after its
 * policy was assigned). Servers without a schedule, or with nothing due yet, are absent.
 */
public interface ScheduledBackups {
    Map<UUID, Instant> lastDue(Collection<UUID> serverIds, Instant atOrBefore);
}
