package io.vaultfleet.console.downloads;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

import io.vaultfleet.console.platform.DataFolder;
import io.vaultfleet.console.storage.MasterKey;
import io.vaultfleet.protocol.AgentPackageSignature;
import io.vaultfleet.protocol.vault.CredentialsSigner;
import org.springframework.stereotype.Component;

/**
 * The console's Ed25519 key for vault credentials: generated on first start, kept in
 * {@code <data>/keys/credentials-signing.key} (PKCS#8, sealed with the {@link MasterKey}, owner-only) and {@code .pub}
 * (X.509, public). It also endorses the {@link AgentUpgradeKey}, which agents trust because of that endorsement.
 */
@Component
public class ConsoleSigningKey {
    static final String PRIVATE = MasterKey.CREDENTIALS_SIGNING_KEY;
    static final String PUBLIC = "keys/credentials-signing.pub";
    private final CredentialsSigner signer;
    private final PrivateKey privateKey;

    ConsoleSigningKey(DataFolder data, MasterKey master) {
        KeyPair keys = SealedKeyPairs.loadOrCreate(data, master, PRIVATE, PUBLIC, "credentials signing key");
        this.signer = new CredentialsSigner(keys);
        this.privateKey = keys.getPrivate();
    }

    /** The credentials-signing key's endorsement of the agent upgrade key {@code upgradeKey} (base64 X.509). */
    String endorse(String upgradeKey) {
        return AgentPackageSignature.endorseUpgradeKey(privateKey, upgradeKey);
    }

    CredentialsSigner signer() {
        return signer;
    }

    public PublicKey publicKey() {
        return signer.publicKey();
    }

    public String keyId() {
        return signer.keyId();
    }
}
