package io.vaultfleet.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * The target agent's one-session key for a sealed passphrase (answer to {@link RecoveryKeyRequest}).
 *
 * @param publicKey base64 of the ECDH P-256 public key's X.509 SubjectPublicKeyInfo (WebCrypto {@code spki})
 * @param expiresAt after this the agent forgets the private key; a passphrase sealed later cannot be opened
 * @param signature base64 Ed25519 signature by the agent's registered identity key over
 *                  {@link io.vaultfleet.protocol.recovery.RecoveryKeys#statement(String, String, Instant)}; the
 *                  console checks it against the key the server registered before it shows the key to a browser
 */
@MessageType("recovery-key")
public record RecoveryKey(String sessionId, String publicKey, Instant expiresAt, String signature)
        implements AgentMessage {
    public RecoveryKey {
        Fields.requireText(sessionId, "sessionId", 64);
        Fields.requireText(publicKey, "publicKey", 512);
        Objects.requireNonNull(expiresAt, "expiresAt is required");
        Fields.requireText(signature, "signature", 256);
    }
}
