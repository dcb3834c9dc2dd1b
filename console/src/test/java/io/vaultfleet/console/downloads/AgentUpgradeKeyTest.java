package io.vaultfleet.console.downloads;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.protocol.AgentPackageSignature;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.UpgradeAvailable;
import io.vaultfleet.protocol.Welcome;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;
import io.vaultfleet.testsupport.RawWebSocket;

/**
 * The console's upgrade key on the wire: announced in every welcome with the credentials key's endorsement, apart
 * from that key, signing offers; an older package goes only as an explicit, signed rollback.
 */
@ConsoleTest
class AgentUpgradeKeyTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ProtocolCodec codec = new ProtocolCodec();

    @LocalServerPort
    int port;

    @Autowired
    SecurityContextHolderStrategy security;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    ConsoleSigningKey credentialsKey;

    @Autowired
    AgentUpgrades upgrades;

    @Autowired
    AgentRelease release;

    private record Connected(UUID serverId, String name, RawWebSocket ws, Welcome welcome) {
    }

    private Connected connect(String agentVersion) {
        KeyPair keys = AgentKeys.generate();
        String name = "upg-" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = ((FleetService.Enrolled) fleet.enroll(vaults.create("upgkey").id(), name, "Linux", "6.1", agentVersion,
                AgentKeys.encodePublic(keys.getPublic()))).server().id();
        RawWebSocket ws = RawWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/agent/ws"),
                Map.of(ConnectProof.HEADER, ConnectProof.create(id, keys.getPrivate(), Instant.now()).toHeader()));
        ws.send(codec.encode(new Hello(agentVersion, name, "Linux", "6.1", 1)));
        return new Connected(id, name, ws, (Welcome) codec.decodeFromConsole(ws.next(WAIT)).message());
    }

    private UpgradeAvailable nextOffer(RawWebSocket ws) {
        for (int i = 0; i < 10; i++) {
            if (codec.decodeFromConsole(ws.next(WAIT)).message() instanceof UpgradeAvailable offer) {
                return offer;
            }
        }
        throw new AssertionError("no upgrade-available message arrived");
    }

    private String offered() throws Exception {
        return release.current().orElseThrow().version();
    }

    @Test
    void theWelcomeAnnouncesAnUpgradeKeyEndorsedByTheCredentialsKeyAndDistinctFromIt() throws Exception {
        Connected agent = connect("0.0.1");
        try (RawWebSocket ignored = agent.ws()) {
            Welcome welcome = agent.welcome();
            assertThat(welcome.agentUpgradeKey()).isNotBlank();
            assertThat(AgentPackageSignature.endorsementValid(credentialsKey.publicKey(), welcome.agentUpgradeKey(),
                    welcome.agentUpgradeKeyEndorsement())).isTrue();
            assertThat(AgentPackageSignature.decodeKey(welcome.agentUpgradeKey())).isNotEqualTo(credentialsKey.publicKey());
        }
    }

    @Test
    void anUpgradeOfferIsSignedWithTheUpgradeKeyAndIsNoRollback() throws Exception {
        Connected agent = connect("0.0.1");
        try (RawWebSocket ws = agent.ws()) {
            assertThat(upgrades.directionFor("0.0.1")).isEqualTo(AgentUpgrades.Direction.NEWER);
            assertThatThrownBy(() -> runAs(security, Role.CONTRIBUTOR, () -> upgrades.offer(agent.serverId(), true)))
                    .hasMessageContaining("is not older than the 0.0.1").hasMessageContaining("not a rollback");
            assertThat(runAs(security, Role.CONTRIBUTOR, () -> upgrades.offer(agent.serverId())))
                    .isEqualTo("Upgrade to " + offered() + " sent to " + agent.name() + ".");
            UpgradeAvailable offer = nextOffer(ws);
            assertThat(offer.rollback()).isFalse();
            var upgradeKey = AgentPackageSignature.decodeKey(agent.welcome().agentUpgradeKey());
            assertThat(AgentPackageSignature.verifyOffer(upgradeKey, offer.version(), offer.sha256(), false,
                    offer.upgradeSignature())).isTrue();
            assertThat(AgentPackageSignature.verifyOffer(credentialsKey.publicKey(), offer.version(), offer.sha256(),
                    false, offer.upgradeSignature())).as("not the credentials key").isFalse();
        }
    }

    @Test
    void anOlderPackageGoesOnlyAsAnExplicitSignedRollback() throws Exception {
        Connected agent = connect("99.0.0");
        try (RawWebSocket ws = agent.ws()) {
            assertThat(upgrades.directionFor("99.0.0")).isEqualTo(AgentUpgrades.Direction.OLDER);
            assertThatThrownBy(() -> runAs(security, Role.CONTRIBUTOR, () -> upgrades.offer(agent.serverId())))
                    .hasMessageContaining("is older than the 99.0.0").hasMessageContaining("explicit rollback");
            assertThat(runAs(security, Role.CONTRIBUTOR, () -> upgrades.offer(agent.serverId(), true)))
                    .startsWith("Rollback to " + offered());
            UpgradeAvailable offer = nextOffer(ws);
            assertThat(offer.rollback()).isTrue();
            var upgradeKey = AgentPackageSignature.decodeKey(agent.welcome().agentUpgradeKey());
            assertThat(AgentPackageSignature.verifyOffer(upgradeKey, offer.version(), offer.sha256(), true,
                    offer.upgradeSignature())).isTrue();
            assertThat(AgentPackageSignature.verifyOffer(upgradeKey, offer.version(), offer.sha256(), false,
                    offer.upgradeSignature())).as("the rollback mark is signed").isFalse();
        }
    }
}
