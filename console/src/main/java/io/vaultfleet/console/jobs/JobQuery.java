package io.vaultfleet.console.jobs;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Which jobs to list: the Backup jobs view's filters.
 *
 * @param vaultId      only this vault's jobs, or {@code null}
 * @param serverId     only this server's jobs, or {@code null}
 * @param serverName   case-insensitive part of the server's name, or empty
 * @param statuses     only these statuses, or empty for all
 * @param startedFrom  started at or after, or {@code null}
 * @param startedUntil started before, or {@code null}
 */
public record JobQuery(UUID vaultId, UUID serverId, String serverName, Set<JobStatus> statuses, Instant startedFrom,
                       Instant startedUntil) {
    public JobQuery {
        serverName = serverName == null ? "" : serverName.trim();
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    }

    public static JobQuery all() {
        return new JobQuery(null, null, "", Set.of(), null, null);
    }

    public static JobQuery forServer(UUID serverId) {
        return new JobQuery(null, serverId, "", Set.of(), null, null);
    }
}
