package io.vaultfleet.protocol.enrollment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import io.vaultfleet.protocol.identity.AgentKeys;

/**
 * What an agent sends to register. The signature, by the agent's new key, covers a hash of the credentials file,
 * the host name, the public key, the time and a nonce: it proves the agent holds the private key it registers, and
 * the console accepts each nonce once, so a captured request cannot be replayed.
 *
 * @param credentials  the vault credentials file, base64
 * @param hostName     the server's name as it will appear in the vault
 * @param publicKey    the agent's new Ed25519 public key (base64 SubjectPublicKeyInfo)
 * @param time         when the request was signed (epoch seconds)
 * @param nonce        random, base64url
 * @param signature    base64url Ed25519 signature of {@link #signedText()}
 */
public record EnrollmentRequest(String credentials, String hostName, String osName, String osVersion,
                                String agentVersion, String publicKey, long time, String nonce, String signature) {
    private static final String DOMAIN = "vaultfleet-agent-enroll/v1";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static EnrollmentRequest sign(byte[] credentialsFile, String hostName, String osName, String osVersion,
                                         String agentVersion, PublicKey publicKey, PrivateKey privateKey, Instant now) {
        byte[] nonceBytes = new byte[16];
        RANDOM.nextBytes(nonceBytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
        String credentials = Base64.getEncoder().encodeToString(credentialsFile);
        String key = AgentKeys.encodePublic(publicKey);
        long time = now.getEpochSecond();
        byte[] sig = AgentKeys.sign(privateKey, text(credentialsFile, hostName, key, time, nonce));
        return new EnrollmentRequest(credentials, hostName, osName, osVersion, agentVersion, key, time, nonce,
                Base64.getUrlEncoder().withoutPadding().encodeToString(sig));
    }

    /** The credentials file bytes; throws {@link IllegalArgumentException} when not base64. */
    public byte[] credentialsFile() {
        if (credentials == null || credentials.isBlank()) {
            throw new IllegalArgumentException("credentials are missing");
        }
        return Base64.getDecoder().decode(credentials.trim());
    }

    /** Whether the signature is valid for the public key in this request. */
    public boolean signatureValid() {
        try {
            PublicKey key = AgentKeys.decodePublic(publicKey);
            return AgentKeys.verify(key, text(credentialsFile(), hostName, publicKey, time, nonce),
                    Base64.getUrlDecoder().decode(signature));
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    public Instant signedAt() {
        return Instant.ofEpochSecond(time);
    }

    private static byte[] text(byte[] credentialsFile, String hostName, String publicKey, long time, String nonce) {
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(credentialsFile));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return (DOMAIN + "\n" + digest + "\n" + hostName + "\n" + publicKey + "\n" + time + "\n" + nonce)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // the credentials carry the enrollment secret: never print them
        return "EnrollmentRequest[hostName=" + hostName + ", agentVersion=" + agentVersion + ", time=" + time + "]";
    }
}
