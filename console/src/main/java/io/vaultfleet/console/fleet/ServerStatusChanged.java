package io.vaultfleet.console.fleet;

import java.time.Instant;
import java.util.UUID;

/** Published when a server goes online or offline. */
public record ServerStatusChanged(UUID serverId, String serverName, ServerStatus status, Instant at, String reason) {
}
