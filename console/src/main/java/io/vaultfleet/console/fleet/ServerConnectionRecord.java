package io.vaultfleet.console.fleet;

import java.time.Instant;

/** One connection of a server's agent: when, from where, and why it ended (null while open). */
public record ServerConnectionRecord(Instant connectedAt, Instant disconnectedAt, String remoteAddress,
                                     String closeReason) {
}
