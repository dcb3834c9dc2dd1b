package io.vaultfleet.console.vault;

/** How many copies of a vault's backups the console keeps, and where (Azure's storage replication types). */
public enum StorageRedundancy {
    GEO_REDUNDANT("Geo-redundant (GRS)",
            "Keeps a second copy in the location's paired location, so backups survive the loss of a whole site.",
            "Highest: about twice the storage of locally-redundant, plus replication traffic."),
    LOCALLY_REDUNDANT("Locally-redundant (LRS)",
            "Keeps the backups in one storage endpoint of the vault's location only.",
            "Lowest: one copy of the data."),
    ZONE_REDUNDANT("Zone-redundant (ZRS)",
            "Keeps the backups in a storage endpoint declared zone-redundant (copies in several zones of one region).",
            "Between the two: the endpoint's zone-redundant price, no cross-region traffic.");

    private final String label;
    private final String explanation;
    private final String cost;

    StorageRedundancy(String label, String explanation, String cost) {
        this.label = label;
        this.explanation = explanation;
        this.cost = cost;
    }

    public String label() {
        return label;
    }

    public String explanation() {
        return explanation;
    }

    public String cost() {
        return cost;
    }
}
