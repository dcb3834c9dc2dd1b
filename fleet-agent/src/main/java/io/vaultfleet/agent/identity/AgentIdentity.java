package io.vaultfleet.agent.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.vaultfleet.agent.platform.SecretProtection;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who this agent is for its console: the public facts in {@code identity.json} in the agent home (owner-only), the
 * private key in {@code secrets/agent-key} through {@link SecretProtection} (DPAPI machine scope on Windows, an
 * owner-only file elsewhere). The private key never leaves this server; {@link #connectHeaders(Instant)} turns it
 * into a one-time connect proof.
 *
 * @param serverId   the console's id for this server
 * @param consoleUrl the console's base URL
 * @param vaultName  the vault the server is registered in
 * @param privateKey PKCS#8 encoding of the Ed25519 private key
 * @param publicKey  base64 SubjectPublicKeyInfo of the public key, as registered
 * @param consoleSigningKey base64 X.509 of the console's signing key (from the credentials file): agent upgrades
 *                          must be signed by it
 * @param consoleCertificateSha256 the console TLS certificate to pin (empty over plain HTTP)
 */
public record AgentIdentity(UUID serverId, String consoleUrl, String vaultName, byte[] privateKey, String publicKey,
                            String consoleSigningKey, String consoleCertificateSha256) {
    public static final String FILE = "identity.json";
    public static final String KEY_FILE = "secrets/agent-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public AgentIdentity {
        consoleSigningKey = consoleSigningKey == null ? "" : consoleSigningKey;
        consoleCertificateSha256 = consoleCertificateSha256 == null ? "" : consoleCertificateSha256;
    }

    public static AgentIdentity of(UUID serverId, String consoleUrl, String vaultName, KeyPair keys,
                                   String consoleSigningKey, String consoleCertificateSha256) {
        return new AgentIdentity(serverId, consoleUrl, vaultName, AgentKeys.encodePrivate(keys.getPrivate()),
                AgentKeys.encodePublic(keys.getPublic()), consoleSigningKey, consoleCertificateSha256);
    }

    /** The console's signing key, for checking upgrade packages; empty when the identity predates it. */
    public Optional<PublicKey> consoleKey() {
        if (consoleSigningKey.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyFactory.getInstance("Ed25519").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(consoleSigningKey))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Map<String, String> connectHeaders(Instant now) {
        PrivateKey key = AgentKeys.decodePrivate(privateKey);
        return Map.of(ConnectProof.HEADER, ConnectProof.create(serverId, key, now).toHeader());
    }

    /**
     * Loads the identity from {@code home}, or empty when this agent has not registered; {@code secrets} is the
     * platform's protection of the private key ({@code CurrentPlatform.secretProtection()} in the agent).
     */
    public static Optional<AgentIdentity> load(Path home, SecretProtection secrets) {
        Path file = home.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Stored stored = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Stored.class);
            return Optional.of(new AgentIdentity(UUID.fromString(stored.serverId()), stored.consoleUrl(), stored.vaultName(),
                    secrets.load(home.resolve(KEY_FILE)), stored.publicKey(), stored.consoleSigningKey(),
                    stored.consoleCertificateSha256()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the agent identity in " + file + " is unreadable (" + e.getMessage()
                    + "); register the agent again", e);
        }
    }

    /** Writes the identity so that only the agent's account can read it (the file is replaced atomically). */
    public void save(Path home, SecretProtection secrets) throws IOException {
        Files.createDirectories(home);
        Files.createDirectories(home.resolve(KEY_FILE).getParent());
        secrets.store(home.resolve(KEY_FILE), privateKey);
        Stored stored = new Stored(serverId.toString(), consoleUrl, vaultName, publicKey, consoleSigningKey,
                consoleCertificateSha256);
        Path tmp = home.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        OwnerOnlyFiles.create(tmp);
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(stored), StandardCharsets.UTF_8);
        Files.move(tmp, home.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        // never print the private key
        return "AgentIdentity[serverId=" + serverId + ", console=" + consoleUrl + ", vault=" + vaultName + "]";
    }

    private record Stored(String serverId, String consoleUrl, String vaultName, String publicKey,
                          String consoleSigningKey, String consoleCertificateSha256) {
    }
}
