package io.vaultfleet.protocol;

/** What a restore does when an item it writes already exists at the destination (the MARS wizard's choices). */
public enum ConflictPolicy {
    /** Keep the existing item; write the restored one beside it under a new name ({@code name (restored 1).ext}). */
    CREATE_COPIES,
    /** Replace the existing item with the restored one. */
    OVERWRITE,
    /** Keep the existing item and do not restore this one; it is listed as skipped with the reason. */
    SKIP
}
