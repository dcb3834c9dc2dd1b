package io.vaultfleet.console.monitoring;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.vaultfleet.console.readmodel.DashboardFacts;

/**
 * What the dashboard shows for the whole fleet or one vault, taken at one moment.
 *
 * @param succeeded24h       backups completed (with or without warnings) in the last 24 hours
 * @param missed24h          scheduled backups that did not start, raised in the last 24 hours
 * @param withoutRecentPoint servers with no recovery point in the last {@code recoveryPointDays} days
 * @param days               one entry per day of the charts' window, oldest first
 * @param lastBackupAges     servers by the age of their newest recovery point (bucket label to count)
 */
public record FleetDashboard(UUID vaultId, long online, long offline, long succeeded24h, long failed24h,
                             long missed24h, long succeeded7d, long failed7d, long missed7d, long withoutRecentPoint,
                             int recoveryPointDays, long belowMinimum, long behindCurrent, long credentialsExpiring,
                             Map<AlertSeverity, Long> openAlerts, List<DashboardFacts.VaultStorage> storage,
                             List<DayTotals> days, Map<String, Long> lastBackupAges) {
    /** Backups that ended on one day: how many succeeded and failed, and the bytes they stored. */
    public record DayTotals(LocalDate day, long succeeded, long failed, long bytes) {
        /** Percent of the day's backups that succeeded, or null when none ran. */
        public Double successRate() {
            long all = succeeded + failed;
            return all == 0 ? null : Math.round(1000.0 * succeeded / all) / 10.0;
        }
    }
}
