package io.vaultfleet.console.fleet;

/** Whether a server's agent is connected to the console right now. */
public enum ServerStatus {
    ONLINE("Online"),
    OFFLINE("Offline");

    private final String label;

    ServerStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
