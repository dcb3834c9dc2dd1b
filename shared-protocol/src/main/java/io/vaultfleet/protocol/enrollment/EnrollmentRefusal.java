package io.vaultfleet.protocol.enrollment;

/**
 * The console refused the registration, and why, in words the admin can act on.
 *
 * @param reason  what failed
 * @param message what to do about it
 */
public record EnrollmentRefusal(Reason reason, String message) {
    public enum Reason {
        /** The request or the credentials file cannot be read. */
        MALFORMED,
        /** The file was not signed by this console. */
        UNKNOWN_KEY,
        /** The file was changed after it was signed. */
        TAMPERED,
        /** The file is past its expiry. */
        EXPIRED,
        /** The file was revoked in the console. */
        REVOKED,
        /** This exact request was already used. */
        REPLAYED,
        /** The request's signature does not prove possession of the key it registers. */
        PROOF_INVALID,
        /** The server's clock is too far from the console's. */
        CLOCK_SKEW,
        /** Another registered server in the vault has this name. */
        NAME_TAKEN,
        /** The vault no longer exists. */
        VAULT_GONE,
        /**
         * The file is a restore-only (secondary-region) credentials file: it restores from the secondary copy, it
         * never registers a server.
         */
        RESTORE_ONLY_CREDENTIALS
    }
}
