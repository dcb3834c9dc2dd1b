package io.vaultfleet.console.monitoring;

/** Active until someone acknowledges it or its cause clears; resolved alerts stay for the record. */
public enum AlertState {
    ACTIVE("Active"), ACKNOWLEDGED("Acknowledged"), RESOLVED("Resolved");

    private final String label;

    AlertState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
