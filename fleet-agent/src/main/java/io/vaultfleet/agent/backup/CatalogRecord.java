package io.vaultfleet.agent.backup;

import java.util.List;

/**
 * What the agent tells the console about a recovery point (ARCHITECTURE.md §5): enough to list it and to enforce
 * retention (the referenced pack ids) without any key. Pack ids are SHA-256 of encrypted bytes: they reveal nothing
 * of the content. Sent with enrollment wiring; for now printed by {@code backup --json}.
 */
public record CatalogRecord(String type, String recoveryPointId, String time, String host, String item,
        long files, long totalBytes, long newBytes, long reusedBytes, long storedBytesAdded, List<String> packIds)
        implements BackupEvent {
    public CatalogRecord {
        type = "catalog";
        packIds = packIds == null ? List.of() : List.copyOf(packIds);
    }
}
