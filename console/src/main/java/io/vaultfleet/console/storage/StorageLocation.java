package io.vaultfleet.console.storage;

import java.util.UUID;

/**
 * A storage location as everyone outside this package sees it: the credential is never part of it, only whether
 * one is set.
 */
public record StorageLocation(UUID id, String name, String displayName, StorageKind kind, String folderPath,
                              String accountUrl, boolean hasCredential, UUID pairedLocationId,
                              String pairedLocationName) {
    /** Where the data goes, fit to show: the folder or the account URL. */
    public String endpoint() {
        return kind == StorageKind.FOLDER ? folderPath : accountUrl;
    }

    public boolean hasPair() {
        return pairedLocationId != null;
    }
}
