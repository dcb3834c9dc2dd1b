package io.vaultfleet.console.fleet;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * What other features know about servers that the server views show with each server: its latest backup job (the
 * jobs feature) and its open alerts (monitoring). Those features depend on this one, so they implement this
 * interface over their own tables and the fleet feature reads none of them (issue 18; {@code FeatureTablesTest}).
 */
public interface ServerActivity {

    /** The facts this source knows for the given servers; a server it knows nothing about is absent. */
    Map<UUID, Facts> forServers(Collection<UUID> serverIds);

    /**
     * One source's share; the parts another source fills are null (or 0).
     *
     * @param lastBackupStatus status of the server's latest backup job (as the jobs feature names it), or null
     * @param lastBackupAt     when that job started, or null
     * @param openAlerts       active and acknowledged alerts about the server
     * @param alertSeverity    the most severe of them ({@code CRITICAL}, {@code WARNING}, {@code INFORMATIONAL}), or null
     */
    record Facts(String lastBackupStatus, Instant lastBackupAt, int openAlerts, String alertSeverity) {
        public static final Facts NONE = new Facts(null, null, 0, null);

        public static Facts lastBackup(String status, Instant startedAt) {
            return new Facts(status, startedAt, 0, null);
        }

        public static Facts alerts(int open, String worstSeverity) {
            return new Facts(null, null, open, worstSeverity);
        }

        Facts and(Facts other) {
            return new Facts(lastBackupStatus != null ? lastBackupStatus : other.lastBackupStatus,
                    lastBackupAt != null ? lastBackupAt : other.lastBackupAt, openAlerts + other.openAlerts,
                    alertSeverity != null ? alertSeverity : other.alertSeverity);
        }
    }
}
