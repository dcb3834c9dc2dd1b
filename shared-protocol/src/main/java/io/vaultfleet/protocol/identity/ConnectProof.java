package io.vaultfleet.protocol.identity;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The header an enrolled agent sends with each WebSocket upgrade to prove it holds its server's key:
 * <pre>X-VaultFleet-Agent: v1 server=&lt;uuid&gt; time=&lt;epoch seconds&gt; nonce=&lt;base64url&gt; sig=&lt;base64url&gt;</pre>
 * {@code sig} is the Ed25519 signature of {@code "vaultfleet-agent-connect/v1\n" + server + "\n" + time + "\n" + nonce}.
 * The console accepts a proof once (nonces are remembered for the whole validity window) and only within
 * {@link #MAX_SKEW} of its own clock, so a captured header cannot be replayed.
 */
public record ConnectProof(UUID serverId, Instant time, String nonce, byte[] signature) {
    public static final String HEADER = "X-VaultFleet-Agent";
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final String DOMAIN = "vaultfleet-agent-connect/v1";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Signs a fresh proof for {@code serverId} at {@code now}. */
    public static ConnectProof create(UUID serverId, PrivateKey key, Instant now) {
        byte[] nonceBytes = new byte[16];
        RANDOM.nextBytes(nonceBytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
        Instant time = Instant.ofEpochSecond(now.getEpochSecond());
        return new ConnectProof(serverId, time, nonce, AgentKeys.sign(key, signedText(serverId, time, nonce)));
    }

    public String toHeader() {
        return "v1 server=" + serverId + " time=" + time.getEpochSecond() + " nonce=" + nonce + " sig="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** Parses the header, naming what is wrong when it is not a well-formed v1 proof. */
    public static ConnectProof parse(String header) {
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("no " + HEADER + " header");
        }
        if (header.length() > 512) {
            throw new IllegalArgumentException(HEADER + " header is too long");
        }
        String[] parts = header.trim().split("\\s+");
        if (!"v1".equals(parts[0])) {
            throw new IllegalArgumentException(HEADER + " header has unsupported version '" + abbreviate(parts[0]) + "'");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(HEADER + " header has a malformed field '" + abbreviate(parts[i]) + "'");
            }
            fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        try {
            UUID server = UUID.fromString(required(fields, "server"));
            Instant time = Instant.ofEpochSecond(Long.parseLong(required(fields, "time")));
            String nonce = required(fields, "nonce");
            if (nonce.length() < 16 || nonce.length() > 64) {
                throw new IllegalArgumentException("nonce must be 16 to 64 characters");
            }
            byte[] sig = Base64.getUrlDecoder().decode(required(fields, "sig"));
            return new ConnectProof(server, time, nonce, sig);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HEADER + " header is malformed: " + e.getMessage(), e);
        }
    }

    /** Whether the signature is valid for {@code key}. Freshness and replay are the verifier's business. */
    public boolean signatureValid(PublicKey key) {
        return AgentKeys.verify(key, signedText(serverId, time, nonce), signature);
    }

    /** Whether {@code time} is within {@link #MAX_SKEW} of {@code now}. */
    public boolean freshAt(Instant now) {
        return Duration.between(time, now).abs().compareTo(MAX_SKEW) <= 0;
    }

    private static byte[] signedText(UUID serverId, Instant time, String nonce) {
        return (DOMAIN + "\n" + serverId + "\n" + time.getEpochSecond() + "\n" + nonce).getBytes(StandardCharsets.UTF_8);
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return value;
    }

    private static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "…";
    }
}
