package io.vaultfleet.console.fleet;

import java.time.Instant;
import java.util.UUID;

/** A server was unregistered: its key is revoked and its live connection, if any, must close. */
public record ServerUnregistered(UUID serverId, String reason, Instant at) {
}
