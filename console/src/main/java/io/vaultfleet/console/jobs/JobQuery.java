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
 * @param operations   only these operations (e.g. {@link JobOperation#RESTORE}), or empty for all
 */
public record JobQuery(UUID vaultId, UUID serverId, String serverName, Set<JobStatus> statuses, Instant startedFrom,
                       Instant startedUntil, Set<JobOperation> operations) {
    public JobQuery {
        serverName = serverName == null ? "" : serverName.trim();
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        operations = operations == null ? Set.of() : Set.copyOf(operations);
    }

    /** Every operation. */
    public JobQuery(UUID vaultId, UUID serverId, String serverName, Set<JobStatus> statuses, Instant startedFrom,
                    Instant startedUntil) {
        this(vaultId, serverId, serverName, statuses, startedFrom, startedUntil, Set.of());
    }

    /** The same filters, only jobs of these operations. */
    public JobQuery withOperations(Set<JobOperation> only) {
        return new JobQuery(vaultId, serverId, serverName, statuses, startedFrom, startedUntil, only);
    }

    public static JobQuery all() {
        return new JobQuery(null, null, "", Set.of(), null, null);
    }

    public static JobQuery forServer(UUID serverId) {
        return new JobQuery(null, serverId, "", Set.of(), null, null);
    }
}
