package io.vaultfleet.console.downloads;

import java.security.KeyPair;
import java.util.Base64;

import org.springframework.stereotype.Component;

import io.vaultfleet.console.fleet.UpgradeKeyAnnouncement;
import io.vaultfleet.console.platform.DataFolder;
import io.vaultfleet.console.storage.MasterKey;
import io.vaultfleet.protocol.AgentPackageSignature;

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
        keys = SealedKeyPairs.loadOrCreate(data, master, PRIVATE, PUBLIC, "agent upgrade key");
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
