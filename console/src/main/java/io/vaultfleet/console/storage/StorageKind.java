package io.vaultfleet.console.storage;

/** What backs a storage location. */
public enum StorageKind {
    FOLDER("Folder", "A folder path every agent using this location can reach (local disk, SMB or NFS share)."),
    AZURE_BLOB("Azure Blob Storage", "An Azure Storage account (or Azurite): its blob endpoint URL and an account key.");

    private final String label;
    private final String description;

    StorageKind(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }
}
