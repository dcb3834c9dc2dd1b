package io.vaultfleet.protocol.vault;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HexFormat;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bytes of a vault credentials file. The file is a JSON envelope
 * <pre>{"format":"vaultfleet-vault-credentials","version":1,"keyId":…,"publicKey":…,"payload":…,"signature":…}</pre>
 * where {@code payload} is the base64url of the UTF-8 JSON payload and {@code signature} the base64url Ed25519
 * signature over exactly those payload bytes (so no JSON canonicalisation is needed). The payload's {@code purpose}
 * ({@code registration} or {@code restore-only}, absent in files written before it existed: registration) says what
 * the file may do; a restore-only payload has {@code restoreSources} and no {@code enrollmentSecret} (docs/format.md
 * §Vault credentials files).
 */
final class CredentialsFormat {
    static final String FORMAT = "vaultfleet-vault-credentials";
    static final String ALGORITHM = "Ed25519";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private CredentialsFormat() {
    }

    static byte[] payload(VaultCredentials c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("formatVersion", VaultCredentials.FORMAT_VERSION);
        n.put("credentialId", c.credentialId().toString());
        n.put("vaultId", c.vaultId().toString());
        n.put("vaultName", c.vaultName());
        n.put("subscriptionId", c.subscriptionId().toString());
        n.put("subscriptionName", c.subscriptionName());
        n.put("resourceGroup", c.resourceGroup());
        n.put("storageLocation", c.storageLocation());
        n.put("consoleUrl", c.consoleUrl().toString());
        n.put("consoleCertificateSha256", c.consoleCertificateSha256());
        if (!c.restoreOnly()) {
            n.put("enrollmentSecret", c.enrollmentSecret());
        }
        n.put("issuedAt", c.issuedAt().toString());
        n.put("expiresAt", c.expiresAt().toString());
        n.put("purpose", c.purpose().wire());
        if (c.restoreOnly()) {
            var sources = n.putArray("restoreSources");
            for (RestoreSource r : c.restoreSources()) {
                sources.addObject().put("serverId", r.serverId().toString()).put("serverName", r.serverName())
                        .put("repository", r.repository()).put("expiresAt", r.expiresAt().toString());
            }
        }
        return JSON.writeValueAsBytes(n);
    }

    /** Reads a payload; throws {@link IllegalArgumentException} (or a Jackson exception) when it is not one. */
    static VaultCredentials readPayload(byte[] payload) {
        JsonNode n = JSON.readTree(payload);
        int version = n.required("formatVersion").asInt();
        if (version != VaultCredentials.FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported payload version " + version);
        }
        // files written before the purpose field existed are registration files
        CredentialsPurpose purpose = CredentialsPurpose.fromWire(n.has("purpose") ? text(n, "purpose") : null);
        List<RestoreSource> sources = new ArrayList<>();
        if (purpose == CredentialsPurpose.RESTORE_ONLY) {
            JsonNode array = n.required("restoreSources");
            if (!array.isArray()) {
                throw new IllegalArgumentException("restoreSources must be an array");
            }
            for (JsonNode r : array) {
                sources.add(new RestoreSource(UUID.fromString(text(r, "serverId")), text(r, "serverName"),
                        text(r, "repository"), Instant.parse(text(r, "expiresAt"))));
            }
        }
        return new VaultCredentials(
                UUID.fromString(text(n, "credentialId")), UUID.fromString(text(n, "vaultId")),
                text(n, "vaultName"), UUID.fromString(text(n, "subscriptionId")), text(n, "subscriptionName"),
                text(n, "resourceGroup"), text(n, "storageLocation"), URI.create(text(n, "consoleUrl")),
                text(n, "consoleCertificateSha256"),
                purpose == CredentialsPurpose.RESTORE_ONLY ? "" : text(n, "enrollmentSecret"),
                Instant.parse(text(n, "issuedAt")), Instant.parse(text(n, "expiresAt")), purpose, sources);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.required(field);
        if (!v.isString()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return v.asString();
    }

    static String encode(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    static byte[] decode(String text) {
        return B64D.decode(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A short, stable name for a public key: hex of the first 16 bytes of SHA-256 over its X.509 encoding. */
    static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static PublicKey publicKey(byte[] x509) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
    }
}
