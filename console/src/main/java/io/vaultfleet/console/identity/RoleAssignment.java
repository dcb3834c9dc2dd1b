package io.vaultfleet.console.identity;

import java.time.Instant;
import java.util.UUID;

/** A role a user holds at one scope. */
public record RoleAssignment(UUID id, UUID userId, String username, Role role, ScopeKind scopeKind, UUID scopeId,
                             Instant createdAt) {
}
