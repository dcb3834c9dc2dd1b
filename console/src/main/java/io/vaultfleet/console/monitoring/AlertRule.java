package io.vaultfleet.console.monitoring;

/** What raises an alert, with the severity Azure Backup gives the same condition. */
public enum AlertRule {
    BACKUP_FAILED("Backup failed", AlertSeverity.CRITICAL),
    /** MARS: a backup that skipped at least one file; resolved by the next backup that skips nothing. */
    BACKUP_COMPLETED_WITH_WARNINGS("Backup completed with warnings", AlertSeverity.WARNING),
    BACKUP_MISSED("Backup missed", AlertSeverity.CRITICAL),
    AGENT_OFFLINE("Agent offline", AlertSeverity.WARNING),
    AGENT_VERSION_UNSUPPORTED("Agent version unsupported", AlertSeverity.WARNING),
    PRECHECK_FAILED("Precheck failing", AlertSeverity.WARNING),
    STORAGE_ERROR("Storage error", AlertSeverity.CRITICAL),
    SOFT_DELETE_DISABLED("Soft delete disabled", AlertSeverity.WARNING),
    /** A geo-redundant vault's secondary copy has been behind for longer than the replication lag threshold. */
    REPLICATION_LAGGING("Replication lagging", AlertSeverity.WARNING);

    private final String label;
    private final AlertSeverity severity;

    AlertRule(String label, AlertSeverity severity) {
        this.label = label;
        this.severity = severity;
    }

    public String label() {
        return label;
    }

    public AlertSeverity severity() {
        return severity;
    }
}
