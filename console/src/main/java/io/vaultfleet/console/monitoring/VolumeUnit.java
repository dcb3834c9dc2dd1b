package io.vaultfleet.console.monitoring;

/**
 * The unit of the dashboard's backup volume chart, chosen by its largest day: in GiB alone, a day of small backups
 * (a few MiB) rounds to 0.0 and looks as if nothing was backed up.
 */
enum VolumeUnit {
    BYTES("bytes", 1L),
    KIB("KiB", 1L << 10),
    MIB("MiB", 1L << 20),
    GIB("GiB", 1L << 30),
    TIB("TiB", 1L << 40);

    private final String label;
    private final long size;

    VolumeUnit(String label, long size) {
        this.label = label;
        this.size = size;
    }

    /** The largest unit in which {@code largest} bytes is at least 1 (bytes for 0). */
    static VolumeUnit fitting(long largest) {
        VolumeUnit fit = BYTES;
        for (VolumeUnit unit : values()) {
            if (largest >= unit.size) {
                fit = unit;
            }
        }
        return fit;
    }

    String label() {
        return label;
    }

    /** {@code bytes} in this unit, to one decimal. */
    double of(long bytes) {
        return Math.round(bytes * 10.0 / size) / 10.0;
    }
}
