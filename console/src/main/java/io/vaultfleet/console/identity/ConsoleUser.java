package io.vaultfleet.console.identity;

import java.time.Instant;
import java.util.UUID;

/** A person who signs in to the console. The password hash never leaves the identity package. */
public record ConsoleUser(UUID id, String username, String displayName, boolean enabled, Role globalRole,
                          Instant createdAt) {
}
