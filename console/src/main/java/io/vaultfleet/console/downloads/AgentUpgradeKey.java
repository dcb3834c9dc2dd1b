package io.vaultfleet.console.downloads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.KeyPair;
import java.util.Base64;

import org.springframework.stereotype.Component;

import io.vaultfleet.console.fleet.UpgradeKeyAnnouncement;
import io.vaultfleet.console.platform.DataFolder;
import io.vaultfleet.console.storage.MasterKey;
import io.vaultfleet.protocol.AgentPackageSignature;
import io.vaultfleet.protocol.vault.CredentialsSigner;

/**
 * The console's Ed25519 key for agent upgrades, apart from the credentials-signing key: generated on first start like
 * it, kept in {@code <data>/keys/agent-upgrade-signing.key} (PKCS#8, sealed with the {@link MasterKey}) and
 * {@code .pub}. Agents learn it from each welcome, endorsed by the credentials-signing key, and pin the first one
 * (docs/decisions/010-agent-upgrades.md).
 */
@Component
public class AgentUpgradeKey implements UpgradeKeyAnnouncement {
    static final String PRIVATE = MasterKey.AGENT_UPGRADE_KEY;
    static final String PUBLIC = "keys/agent-upgrade-signing.pub";
    private final KeyPair keys;
    private final String publicKey;
    private final String endorsement;

    AgentUpgradeKey(DataFolder data, MasterKey master, ConsoleSigningKey credentialsKey) {
        try {
            var sealed = master.read(PRIVATE);
            if (sealed.isPresent() && Files.exists(data.resolve(PUBLIC))) {
                keys = CredentialsSigner.keyPair(sealed.get(), Files.readAllBytes(data.resolve(PUBLIC)));
            } else {
                keys = CredentialsSigner.generateKeyPair();
                master.write(PRIVATE, keys.getPrivate().getEncoded());
                data.writeOwnerOnly(PUBLIC, keys.getPublic().getEncoded());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent upgrade key", e);
        }
        this.publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        this.endorsement = credentialsKey.endorse(publicKey);
    }

    /** The v2 signature of an offer (version, hash, and whether it is an explicit rollback). */
    String signOffer(String version, String sha256, boolean rollback) {
        return AgentPackageSignature.signOffer(keys.getPrivate(), version, sha256, rollback);
    }

    @Override
    public String publicKey() {
        return publicKey;
    }

    @Override
    public String endorsement() {
        return endorsement;
    }
}
