package io.vaultfleet.console.vault;

/** The numbers on a vault's overview. Jobs and alerts count the last 24 hours. */
public record VaultOverview(long protectedServers, long protectedItems, long recoveryPoints, long storageBytes,
                            long jobsLast24h, long failedJobsLast24h, long alertsLast24h) {
}
