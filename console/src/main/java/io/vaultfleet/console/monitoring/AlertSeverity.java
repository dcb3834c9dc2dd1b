package io.vaultfleet.console.monitoring;

/** How urgent an alert is, most urgent first. */
public enum AlertSeverity {
    CRITICAL("Critical"), WARNING("Warning"), INFORMATIONAL("Informational");

    private final String label;

    AlertSeverity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
