package io.vaultfleet.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;
import io.vaultfleet.agent.platform.current.CurrentPlatform;

class AgentIdentityTest {
    @TempDir
    Path home;

    private final KeyPair keys = AgentKeys.generate();
    private final AgentIdentity identity = AgentIdentity.of(UUID.randomUUID(), "https://console.example", "vault-prod", keys, "", "");

    @Test
    void savesOwnerOnlyAndLoadsBack() throws Exception {
        identity.save(home, CurrentPlatform.secretProtection());
        Path file = home.resolve(AgentIdentity.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Path key = home.resolve(AgentIdentity.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).as("the private key is not in identity.json")
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(identity.privateKey()));
        AgentIdentity loaded = AgentIdentity.load(home, CurrentPlatform.secretProtection()).orElseThrow();
        assertThat(loaded.serverId()).isEqualTo(identity.serverId());
        assertThat(loaded.consoleUrl()).isEqualTo("https://console.example");
        assertThat(loaded.publicKey()).isEqualTo(AgentKeys.encodePublic(keys.getPublic()));
        assertThat(loaded.privateKey()).isEqualTo(identity.privateKey());
    }

    @Test
    void anUnregisteredHomeHasNoIdentity() {
        assertThat(AgentIdentity.load(home, CurrentPlatform.secretProtection())).isEmpty();
    }

    @Test
    void aDamagedIdentityFileSaysToRegisterAgain() throws Exception {
        Files.writeString(home.resolve(AgentIdentity.FILE), "{\"serverId\": 42");
        assertThatThrownBy(() -> AgentIdentity.load(home, CurrentPlatform.secretProtection())).hasMessageContaining("unreadable")
                .hasMessageContaining("register the agent again");
    }

    @Test
    void connectHeadersCarryAFreshProofSignedByTheKey() {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        ConnectProof first = ConnectProof.parse(identity.connectHeaders(now).get(ConnectProof.HEADER));
        ConnectProof second = ConnectProof.parse(identity.connectHeaders(now).get(ConnectProof.HEADER));
        assertThat(first.serverId()).isEqualTo(identity.serverId());
        assertThat(first.signatureValid(keys.getPublic())).isTrue();
        assertThat(first.nonce()).isNotEqualTo(second.nonce());
    }

    @Test
    void neverPrintsThePrivateKey() {
        assertThat(identity.toString()).doesNotContain(java.util.Base64.getEncoder().encodeToString(identity.privateKey()))
                .contains(identity.serverId().toString());
    }
}
