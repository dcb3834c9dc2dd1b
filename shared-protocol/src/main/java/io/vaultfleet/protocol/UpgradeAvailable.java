package io.vaultfleet.protocol;

/**
 * The console asks the agent to upgrade itself to the package it serves at {@code GET /agent/package}. The agent
 * installs it only if the downloaded bytes hash to {@code sha256}, {@code signature} verifies with the console key it
 * trusted at registration (see {@link AgentPackageSignature}) and the jar says it is {@code version}.
 *
 * @param version    the agent version of the package
 * @param sha256     lower-case hex SHA-256 of the package bytes
 * @param sizeBytes  size of the package
 * @param signature  base64 Ed25519 v1 signature by the console's credentials-signing key, for agents from before
 *                   the upgrade key (see {@link AgentPackageSignature})
 * @param upgradeSignature base64 Ed25519 v2 signature by the console's upgrade key over version, hash and
 *                   {@code rollback}; what current agents check (null from an old console: refused)
 * @param rollback   the console offers an older version on purpose; without it an agent refuses to go back
 */
@MessageType("upgrade-available")
@AddedFields({"upgradeSignature", "rollback"})
public record UpgradeAvailable(String version, String sha256, long sizeBytes, String signature, String upgradeSignature,
                               Boolean rollback) implements ConsoleMessage {
    /** An offer with only the v1 signature, as consoles from before the upgrade key sent. */
    public UpgradeAvailable(String version, String sha256, long sizeBytes, String signature) {
        this(version, sha256, sizeBytes, signature, null, false);
    }

    public UpgradeAvailable {
        rollback = Boolean.TRUE.equals(rollback);
        if (upgradeSignature != null) {
            Fields.requireText(upgradeSignature, "upgradeSignature", 256);
        }
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
