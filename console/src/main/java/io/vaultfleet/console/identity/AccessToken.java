package io.vaultfleet.console.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's access token for the REST API, as listed in My account: never its secret (only a hash is stored). It acts
 * for its user with at most {@link #role()}, and only in {@link #vaultId()} when that is set.
 */
public record AccessToken(UUID id, String name, Role role, UUID vaultId, Instant createdAt, Instant expiresAt,
                          Instant revokedAt, Instant lastUsedAt) {
    /** Whether the token may be used at {@code now}: not revoked and not expired. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    /** A token just made, with its secret: shown once, never stored or shown again. */
    public record Issued(AccessToken token, String secret) {
        @Override
        public String toString() {
            return "Issued[" + token.name() + "]";
        }
    }
}
