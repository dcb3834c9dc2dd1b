package io.vaultfleet.console.recover;

/**
 * Which copy of the backups Recover Data reads (Azure's Cross Region Restore): the vault's own location, or its
 * geo-redundant copy in the paired location (only when the vault has Cross Region Restore on).
 */
public enum RecoveryCopy {
    PRIMARY("Primary region"),
    SECONDARY("Secondary region");

    private final String label;

    RecoveryCopy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
