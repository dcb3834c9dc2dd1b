package io.vaultfleet.console.downloads;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.protocol.vault.CredentialsVerifier;

/**
 * What enrollment needs to know about issued vault credentials. Called for agents, which have no console session:
 * the checks themselves are the authentication (this console's signature, the stored secret hash, revocation).
 */
@Component
public class CredentialChecks {
    private final ConsoleSigningKey key;
    private final CredentialRepository credentials;
    private final Clock clock;

    CredentialChecks(ConsoleSigningKey key, CredentialRepository credentials, Clock clock) {
        this.key = key;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** Trusts this console's key; files it never issued, or revoked, count as revoked. */
    @Transactional(readOnly = true)
    public CredentialsVerifier.Verification verify(byte[] file) {
        return CredentialsVerifier.trusting(List.of(key.publicKey()), clock,
                id -> !credentials.isKnown(id) || credentials.isRevoked(id)).verify(file);
    }

    /** Whether {@code secret} is the enrollment secret issued with {@code credentialId} (compared in constant time). */
    @Transactional(readOnly = true)
    public boolean secretMatches(UUID credentialId, String secret) {
        String stored = credentials.secretHash(credentialId);
        if (stored == null || secret == null) {
            return false;
        }
        return MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII),
                VaultCredentialsService.hash(secret).getBytes(StandardCharsets.US_ASCII));
    }
}
