package io.vaultfleet.console.fleet;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * A server known to the console, as the Registered servers views show it.
 *
 * @param unregistered        admitted without registration (development mode)
 * @param revokedAt           when it was unregistered in the console (its key no longer connects), or null
 * @param reregistrationUntil an owner allowed a reinstalled server to take this registration over until then
 * @param lastBackupStatus    status of the server's latest backup job (as the jobs feature names it), or null
 * @param lastBackupAt        when that job started, or null
 * @param openAlerts          active and acknowledged alerts about this server (monitoring's)
 * @param alertSeverity       the most severe of them ({@code CRITICAL}, {@code WARNING}, {@code INFORMATIONAL}), or null
 */
public record RegisteredServer(UUID id, UUID vaultId, String name, String osName, String osVersion,
                               String agentVersion, ServerStatus status, Instant statusSince, Instant lastSeenAt,
                               Instant registeredAt, boolean unregistered, String vaultName, Instant revokedAt,
                               String revokedReason, Instant reregistrationUntil, String lastBackupStatus,
                               Instant lastBackupAt, int openAlerts, String alertSeverity) {
    /** This server with what other features know about it (its vault's name, latest job and open alerts). */
    RegisteredServer with(String vaultName, ServerActivity.Facts facts) {
        return new RegisteredServer(id, vaultId, name, osName, osVersion, agentVersion, status, statusSince, lastSeenAt,
                registeredAt, unregistered, vaultName, revokedAt, revokedReason, reregistrationUntil,
                facts.lastBackupStatus(), facts.lastBackupAt(), facts.openAlerts(), facts.alertSeverity());
    }

    public String os() {
        if (osName == null) {
            return "";
        }
        return osVersion == null || osVersion.isBlank() ? osName : osName + " " + osVersion;
    }

    /** "Completed 2026-11-25 02:00" style text for the last backup, or "None yet". */
    public String lastBackupLabel(DateTimeFormatter when) {
        if (lastBackupStatus == null) {
            return "None yet";
        }
        String status = lastBackupStatus.charAt(0) + lastBackupStatus.substring(1).toLowerCase(Locale.ROOT)
                .replace('_', ' ');
        return status + (lastBackupAt == null ? "" : " · " + when.format(lastBackupAt));
    }

    /** "2 · Critical" style text for the open alerts, or "None". */
    public String alertsLabel() {
        if (openAlerts == 0 || alertSeverity == null) {
            return "None";
        }
        return openAlerts + " · " + alertSeverity.charAt(0) + alertSeverity.substring(1).toLowerCase(Locale.ROOT);
    }

    /** The vault's name, or a dash and why there is none. */
    public String vaultLabel() {
        if (vaultName != null) {
            return vaultName;
        }
        return unregistered ? "— (unregistered)" : "—";
    }
}
