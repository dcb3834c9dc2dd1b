package io.vaultfleet.console.replication;

import java.time.Instant;
import java.util.UUID;

/**
 * How a vault's secondary copy stands, for views, the dashboard and metrics.
 *
 * @param pendingBlobs  blobs on the primary not yet on the secondary (as of the last scan, less what was copied since)
 * @param secondaryName the paired location's name, or null when there is none
 * @param seeding       the secondary is being filled from scratch (first pairing or re-pairing)
 * @param totalBlobs    blobs on the secondary, for a seeding's progress
 */
public record ReplicationStatus(UUID vaultId, Phase phase, String secondaryName, long pendingBlobs, long pendingBytes,
                                long totalBlobs, boolean seeding, Instant lastCopiedAt, Instant lastScanAt,
                                Instant laggingSince, String lastError, boolean crossRegionRestore) {
    public enum Phase {
        /** Locally- or zone-redundant: nothing is copied. */
        NOT_REPLICATED("Not replicated"),
        /** Geo-redundant, but the location names no paired location. */
        NO_PAIRED_LOCATION("No paired location"),
        /** Geo-redundant and never scanned yet. */
        WAITING("Waiting for the first scan"),
        UP_TO_DATE("Up to date"),
        LAGGING("Lagging");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean lagging() {
        return phase == Phase.LAGGING;
    }
}
