package io.vaultfleet.console.recovery;

import java.time.Instant;
import java.util.UUID;

/**
 * One protected item of a vault (a server's Files and folders, System State or System configuration) with what it
 * can be recovered from: the number of kept (not soft-deleted) recovery points and the newest of them (null when a
 * clean-up soft-deleted them all).
 */
public record ItemPoints(UUID serverId, String item, long points, Instant latest) {
}
