package io.vaultfleet.protocol.vault;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * Checks a vault credentials file and says precisely what is wrong with it: malformed, signed by a key it does not
 * trust, tampered with, expired, or revoked. The console verifies with its own key (and its revocation list) when an
 * agent enrolls; an agent can pre-check a file with {@link #selfContained(Clock)}, which trusts the key the file
 * carries and so proves integrity and expiry, not origin. Thread-safe.
 */
public final class CredentialsVerifier {
    /** How a check ended. Only {@link #VALID} carries credentials. */
    public enum Outcome { VALID, MALFORMED, UNKNOWN_KEY, TAMPERED, EXPIRED, REVOKED }

    /** The result of a check; {@code credentials} is set for VALID, EXPIRED and REVOKED (the signature held). */
    public record Verification(Outcome outcome, VaultCredentials credentials, String reason) {
        public boolean valid() {
            return outcome == Outcome.VALID;
        }
    }

    private final Map<String, PublicKey> trusted;
    private final Clock clock;
    private final Predicate<UUID> revoked;

    private CredentialsVerifier(Map<String, PublicKey> trusted, Clock clock, Predicate<UUID> revoked) {
        this.trusted = trusted;
        this.clock = Objects.requireNonNull(clock);
        this.revoked = Objects.requireNonNull(revoked);
    }

    /** Trusts exactly {@code keys}; {@code revoked} answers whether a credential id was revoked. */
    public static CredentialsVerifier trusting(Iterable<PublicKey> keys, Clock clock, Predicate<UUID> revoked) {
        Map<String, PublicKey> byId = new HashMap<>();
        keys.forEach(k -> byId.put(CredentialsFormat.keyId(k), k));
        return new CredentialsVerifier(Map.copyOf(byId), clock, revoked);
    }

    /** Trusts the key inside the file: checks integrity and expiry only. */
    public static CredentialsVerifier selfContained(Clock clock) {
        return new CredentialsVerifier(null, clock, id -> false);
    }

    /**
     * The console signing key a credentials file carries (X.509, base64), for an agent to keep after registering:
     * it verifies agent upgrades with it. Call only on a file that verified.
     */
    public static String signingKeyOf(byte[] file) {
        return Base64.getEncoder().encodeToString(
                CredentialsFormat.decode(CredentialsFormat.JSON.readTree(file).required("publicKey").asString()));
    }

    public Verification verify(byte[] file) {
        if (file == null || file.length == 0 || file.length > 64 * 1024) {
            return fail(Outcome.MALFORMED, "The file is empty or too large to be vault credentials.");
        }
        JsonNode envelope;
        byte[] payload;
        byte[] signature;
        byte[] publicKeyBytes;
        String keyId;
        try {
            envelope = CredentialsFormat.JSON.readTree(file);
            if (!CredentialsFormat.FORMAT.equals(envelope.path("format").asString(""))) {
                return fail(Outcome.MALFORMED, "The file is not a VaultFleet vault credentials file.");
            }
            if (envelope.path("version").asInt(-1) != VaultCredentials.FORMAT_VERSION) {
                return fail(Outcome.MALFORMED, "Unsupported vault credentials version "
                        + envelope.path("version").asString("?") + ".");
            }
            keyId = envelope.required("keyId").asString();
            publicKeyBytes = CredentialsFormat.decode(envelope.required("publicKey").asString());
            payload = CredentialsFormat.decode(envelope.required("payload").asString());
            signature = CredentialsFormat.decode(envelope.required("signature").asString());
        } catch (RuntimeException e) {
            return fail(Outcome.MALFORMED, "The file is damaged: " + e.getMessage());
        }

        PublicKey key;
        if (trusted == null) {
            try {
                key = CredentialsFormat.publicKey(publicKeyBytes);
            } catch (GeneralSecurityException | RuntimeException e) {
                return fail(Outcome.MALFORMED, "The file's public key is not an Ed25519 key.");
            }
            if (!CredentialsFormat.keyId(key).equals(keyId)) {
                return fail(Outcome.TAMPERED, "The file's key id does not match its public key.");
            }
        } else {
            key = trusted.get(keyId);
            if (key == null || !Arrays.equals(key.getEncoded(), publicKeyBytes)) {
                return fail(Outcome.UNKNOWN_KEY, "The file was signed by a key this console does not know (key "
                        + keyId + "; trusted: " + trusted.keySet().stream().sorted().collect(Collectors.joining(", "))
                        + ").");
            }
        }

        try {
            Signature ed = Signature.getInstance(CredentialsFormat.ALGORITHM);
            ed.initVerify(key);
            ed.update(payload);
            if (!ed.verify(signature)) {
                return fail(Outcome.TAMPERED, "The file was changed after it was signed.");
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return fail(Outcome.TAMPERED, "The file's signature is not valid.");
        }

        VaultCredentials credentials;
        try {
            credentials = CredentialsFormat.readPayload(payload);
        } catch (RuntimeException e) {
            return fail(Outcome.MALFORMED, "The signed content is not valid vault credentials: " + e.getMessage());
        }
        if (credentials.isExpiredAt(clock.instant())) {
            return new Verification(Outcome.EXPIRED, credentials, "The vault credentials expired at "
                    + credentials.expiresAt() + ". Download new ones from the vault's " + (credentials.restoreOnly()
                    ? "Backup Configuration page (Cross Region Restore)." : "Prepare infrastructure page."));
        }
        if (revoked.test(credentials.credentialId())) {
            return new Verification(Outcome.REVOKED, credentials,
                    "These vault credentials were revoked. Download new ones from the vault.");
        }
        return new Verification(Outcome.VALID, credentials, "Valid until " + credentials.expiresAt() + ".");
    }

    private static Verification fail(Outcome outcome, String reason) {
        return new Verification(outcome, null, reason);
    }
}
