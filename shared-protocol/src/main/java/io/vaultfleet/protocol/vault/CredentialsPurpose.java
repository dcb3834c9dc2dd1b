package io.vaultfleet.protocol.vault;

/**
 * What a vault credentials file may be used for. The payload's {@code purpose} field; a file without one (every file
 * written before restore-only files existed) is a {@link #REGISTRATION} file.
 */
public enum CredentialsPurpose {
    /** Registers a server with the vault (Prepare infrastructure › Download vault credentials). */
    REGISTRATION("registration"),
    /**
     * Restores from the vault's secondary-region copy, never registers a server (Backup Configuration › Cross Region
     * Restore › Download secondary-region credentials). Carries read-and-list-only access to each server's copy.
     */
    RESTORE_ONLY("restore-only");

    private final String wire;

    CredentialsPurpose(String wire) {
        this.wire = wire;
    }

    /** The value written in the payload. */
    public String wire() {
        return wire;
    }

    /** The purpose a payload value names; absent means registration (files written before the field existed). */
    public static CredentialsPurpose fromWire(String value) {
        if (value == null) {
            return REGISTRATION;
        }
        for (CredentialsPurpose p : values()) {
            if (p.wire.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown purpose '" + value + "' (expected registration or restore-only)");
    }
}
