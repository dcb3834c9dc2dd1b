package io.vaultfleet.console.fleet;

import java.util.UUID;

/** The server a report came from, as proven by its connection. {@code vaultId} is null for development-mode agents. */
public record ReportingServer(UUID id, String name, UUID vaultId) {
}
