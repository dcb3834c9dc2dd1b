package io.vaultfleet.console.fleet;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.vaultfleet.console.ui.LiveUpdates;

/**
 * What the policy feature tells the servers list about each server's schedule, so the fleet module shows it without
 * depending on that feature.
 */
public interface ServerSchedules {
    /**
     * @param policyName   the assigned policy, or null
     * @param nextBackupAt the next scheduled backup, or null without a policy
     * @param drifted      the agent reported running another policy than the console's
     * @param items        the items the assigned policy protects (empty without a policy)
     * @param include      the files and folders it protects (empty when it protects none)
     */
    record Summary(String policyName, Instant nextBackupAt, boolean drifted, List<String> items, List<String> include) {
        public Summary {
            items = items == null ? List.of() : List.copyOf(items);
            include = include == null ? List.of() : List.copyOf(include);
        }
    }

    /** Summaries of the servers that have a policy or drifted; servers without either are absent. */
    Map<UUID, Summary> forServers(Collection<UUID> serverIds);

    /** Ids of servers whose schedule or drift changed, delivered inside the subscribing view's UI lock. */
    LiveUpdates<UUID> changes();
}
