package io.vaultfleet.console.fleet;

/**
 * The agent upgrade key the console's welcome announces, with its endorsement by the credentials-signing key. The
 * fleet only passes it on; the downloads feature owns the key (an interface here so that fleet does not depend on
 * downloads).
 */
public interface UpgradeKeyAnnouncement {
    /** Base64 X.509 Ed25519 public key. */
    String publicKey();

    /** Base64 Ed25519 signature by the credentials-signing key (see {@code AgentPackageSignature.endorseUpgradeKey}). */
    String endorsement();
}
