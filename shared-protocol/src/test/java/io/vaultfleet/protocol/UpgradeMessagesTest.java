package io.vaultfleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** The upgrade key's messages and signatures: what is covered, and frames from consoles before the upgrade key. */
class UpgradeMessagesTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    private static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @Test
    void aWelcomeCarriesTheEndorsedUpgradeKeyAndOldWelcomesStillDecode() throws Exception {
        KeyPair credentials = ed25519();
        String key = Base64.getEncoder().encodeToString(ed25519().getPublic().getEncoded());
        Welcome welcome = new Welcome("s", 15, "1.0", "0.1.0", "0.2.0", key,
                AgentPackageSignature.endorseUpgradeKey(credentials.getPrivate(), key));
        Welcome decoded = (Welcome) codec.decodeFromConsole(codec.encode(welcome)).message();
        assertThat(decoded).isEqualTo(welcome);
        assertThat(AgentPackageSignature.endorsementValid(credentials.getPublic(), decoded.agentUpgradeKey(),
                decoded.agentUpgradeKeyEndorsement())).isTrue();
        assertThat(AgentPackageSignature.endorsementValid(ed25519().getPublic(), decoded.agentUpgradeKey(),
                decoded.agentUpgradeKeyEndorsement())).isFalse();

        Welcome old = (Welcome) codec.decodeFromConsole("{\"v\":1,\"type\":\"welcome\",\"id\":\"w1\",\"payload\":{"
                + "\"serverId\":\"s\",\"heartbeatSeconds\":15,\"consoleVersion\":\"1\",\"minimumAgentVersion\":\"0.1.0\","
                + "\"currentAgentVersion\":\"0.1.0\"}}").message();
        assertThat(old.agentUpgradeKey()).isNull();
        assertThatThrownBy(() -> codec.decodeFromConsole("{\"v\":1,\"type\":\"welcome\",\"id\":\"w2\",\"payload\":{"
                + "\"heartbeatSeconds\":15,\"consoleVersion\":\"1\",\"minimumAgentVersion\":\"0.1.0\","
                + "\"currentAgentVersion\":\"0.1.0\"}}"))
                .as("only the added fields may be absent")
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD))
                .hasMessageContaining("serverId");
        assertThatThrownBy(() -> new Welcome("s", 15, "1", "0.1.0", "0.1.0", key, null))
                .hasMessageContaining("agentUpgradeKeyEndorsement is required");
    }

    @Test
    void theOfferSignatureCoversVersionHashAndTheRollbackMark() throws Exception {
        KeyPair upgrade = ed25519();
        String sha = "ab".repeat(32);
        String signature = AgentPackageSignature.signOffer(upgrade.getPrivate(), "0.2.0", sha, false);
        assertThat(AgentPackageSignature.verifyOffer(upgrade.getPublic(), "0.2.0", sha, false, signature)).isTrue();
        assertThat(AgentPackageSignature.verifyOffer(upgrade.getPublic(), "0.2.0", sha, true, signature)).isFalse();
        assertThat(AgentPackageSignature.verifyOffer(upgrade.getPublic(), "0.2.1", sha, false, signature)).isFalse();
        assertThat(AgentPackageSignature.verifyOffer(upgrade.getPublic(), "0.2.0", "cd".repeat(32), false, signature)).isFalse();
        assertThat(AgentPackageSignature.verifyOffer(upgrade.getPublic(), "0.2.0", sha, false, null)).isFalse();

        UpgradeAvailable offer = new UpgradeAvailable("0.2.0", sha, 10, "v1sig", signature, false);
        assertThat(codec.decodeFromConsole(codec.encode(offer)).message()).isEqualTo(offer);
        UpgradeAvailable old = (UpgradeAvailable) codec.decodeFromConsole("{\"v\":1,\"type\":\"upgrade-available\","
                + "\"id\":\"u1\",\"payload\":{\"version\":\"0.2.0\",\"sha256\":\"" + sha + "\",\"sizeBytes\":10,"
                + "\"signature\":\"v1sig\"}}").message();
        assertThat(old.upgradeSignature()).isNull();
        assertThat(old.rollback()).isFalse();
    }

    @Test
    void aKeyThatIsNotEd25519IsNamedAsSuch() {
        assertThatThrownBy(() -> AgentPackageSignature.decodeKey("bm90IGEga2V5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a base64 Ed25519 public key");
    }
}
