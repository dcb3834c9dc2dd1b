package io.vaultfleet.protocol;

/** What a Recover Data job brings back (the MARS wizard's *Recovery mode*). On the wire, the constant's name. */
public enum RecoveryMode {
    /** Individual files and folders of a Files and folders recovery point (or the whole point). */
    FILES_AND_FOLDERS,
    /** A Windows System State recovery point: the staged {@code WindowsImageBackup} folder, then wbadmin. */
    SYSTEM_STATE,
    /** A Linux system configuration recovery point (restored to a folder; never over the live {@code /etc}). */
    SYSTEM_CONFIGURATION
}
