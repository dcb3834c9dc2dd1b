package io.vaultfleet.console.monitoring;

/**
 * The console's outgoing mail server. The password is never part of it: only whether one is set.
 */
public record SmtpSettings(String host, int port, Security security, String username, boolean passwordSet,
                           String fromAddress) {
    /** How the connection to the mail server is protected. */
    public enum Security {
        NONE("None (plain SMTP)"), STARTTLS("STARTTLS"), TLS("TLS (SMTPS)");

        private final String label;

        Security(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
