package io.vaultfleet.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The catalog record of a recovery point the agent has finished writing: everything the console may know without a
 * key. The pack ids let the console find unreferenced packs for retention; they reveal nothing about content.
 *
 * @param deliveryId      see {@link Reliable}
 * @param recoveryPointId the recovery point's id in the repository
 * @param item            what was backed up: {@code SYSTEM_STATE}, {@code FILES_AND_FOLDERS} or {@code SYSTEM_CONFIGURATION}
 * @param createdAt       when the recovery point was taken
 * @param fileCount       files in the recovery point
 * @param totalBytes      logical size of everything in it
 * @param newBytes        bytes stored for the first time (after compression)
 * @param reusedBytes     logical bytes found already stored (deduplicated)
 * @param packIds         packs the recovery point references
 */
@MessageType("recovery-point-created")
public record RecoveryPointCreated(String deliveryId, String recoveryPointId, String item, Instant createdAt,
                                   long fileCount, long totalBytes, long newBytes, long reusedBytes,
                                   List<String> packIds) implements AgentMessage, Reliable {
    /** 50,000 packs of 16–64 MiB cover a recovery point of 0.8–3 TiB and fit a default-sized frame. */
    public static final int MAX_PACKS = 50_000;

    public RecoveryPointCreated {
        Fields.requireText(deliveryId, "deliveryId", 64);
        Fields.requireText(recoveryPointId, "recoveryPointId", 128);
        Fields.requireText(item, "item", 32);
        Objects.requireNonNull(createdAt, "createdAt is required");
        if (fileCount < 0 || totalBytes < 0 || newBytes < 0 || reusedBytes < 0) {
            throw new IllegalArgumentException("counts and sizes must not be negative");
        }
        packIds = packIds == null ? List.of() : List.copyOf(packIds);
        if (packIds.size() > MAX_PACKS) {
            throw new IllegalArgumentException("packIds lists more than " + MAX_PACKS + " packs");
        }
        for (String pack : packIds) {
            Fields.requireText(pack, "packIds[]", 128);
        }
    }
}
