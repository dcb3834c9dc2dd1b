package io.vaultfleet.protocol;

/** How opening a recovery session went ({@link RecoveryOpened}). */
public enum RecoveryOpenResult {
    /** The source's backups are open; browse and restore may follow. */
    OPENED,
    /** The passphrase typed for another server's backups does not open them. Nothing was written. */
    WRONG_PASSPHRASE,
    /** The sealed passphrase could not be decrypted with the session's key (expired or another session's key). */
    KEY_MISMATCH,
    /** The source's storage could not be reached (or the grant expired). */
    STORAGE_UNREACHABLE,
    /** The session id is unknown to the agent (it restarted, or the key request never reached it). */
    UNKNOWN_SESSION,
    /** Anything else; {@code detail} says what. */
    FAILED
}
