package io.vaultfleet.console.vault;

import java.time.Instant;
import java.util.UUID;

/**
 * Counts about a vault that other features own, for the vault's overview: recovery points (recovery), backup jobs
 * (jobs) and alerts (monitoring). Those features depend on this one, so they implement this interface over their own
 * tables and the vault feature reads none of them (issue 18; {@code FeatureTablesTest}).
 */
public interface VaultActivity {

    /** This source's counts for the vault; jobs and alerts since {@code since}, the parts of other sources 0. */
    Counts countsFor(UUID vaultId, Instant since);

    record Counts(long activeRecoveryPoints, long jobs, long failedJobs, long alerts) {
        public static final Counts NONE = new Counts(0, 0, 0, 0);

        Counts plus(Counts other) {
            return new Counts(activeRecoveryPoints + other.activeRecoveryPoints, jobs + other.jobs,
                    failedJobs + other.failedJobs, alerts + other.alerts);
        }
    }
}
