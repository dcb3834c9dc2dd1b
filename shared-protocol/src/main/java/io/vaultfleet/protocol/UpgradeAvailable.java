package io.vaultfleet.protocol;

/**
 * The console asks the agent to upgrade itself to the package it serves at {@code GET /agent/package}. The agent
 * installs it only if the downloaded bytes hash to {@code sha256}, {@code signature} verifies with the console key it
 * trusted at registration (see {@link AgentPackageSignature}) and the jar says it is {@code version}.
 *
 * @param version    the agent version of the package
 * @param sha256     lower-case hex SHA-256 of the package bytes
 * @param sizeBytes  size of the package
 * @param signature  base64 Ed25519 signature by the console's signing key
 */
@MessageType("upgrade-available")
public record UpgradeAvailable(String version, String sha256, long sizeBytes, String signature) implements ConsoleMessage {
    public UpgradeAvailable {
        AgentVersion.parse(version);
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
        }
        if (sizeBytes <= 0 || sizeBytes > 512L * 1024 * 1024) {
            throw new IllegalArgumentException("sizeBytes must be between 1 byte and 512 MiB");
        }
        Fields.requireText(signature, "signature", 256);
    }
}
