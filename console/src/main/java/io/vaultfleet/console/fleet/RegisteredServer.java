package io.vaultfleet.console.fleet;

import java.time.Instant;
import java.util.UUID;

/** A server known to the console, as the Registered servers view shows it. */
public record RegisteredServer(UUID id, UUID vaultId, String name, String osName, String osVersion,
                               String agentVersion, ServerStatus status, Instant statusSince, Instant lastSeenAt,
                               Instant registeredAt, boolean unregistered) {
    public String os() {
        if (osName == null) {
            return "";
        }
        return osVersion == null || osVersion.isBlank() ? osName : osName + " " + osVersion;
    }
}
