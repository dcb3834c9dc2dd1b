package io.vaultfleet.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ConnectProofTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final KeyPair keys = AgentKeys.generate();
    private final UUID server = UUID.randomUUID();

    @Test
    void aProofSurvivesTheHeaderAndVerifiesWithTheServersKey() {
        ConnectProof sent = ConnectProof.create(server, keys.getPrivate(), NOW);
        ConnectProof received = ConnectProof.parse(sent.toHeader());
        assertThat(received.serverId()).isEqualTo(server);
        assertThat(received.nonce()).isEqualTo(sent.nonce());
        assertThat(received.signatureValid(keys.getPublic())).isTrue();
        assertThat(received.freshAt(NOW.plusSeconds(30))).isTrue();
    }

    @Test
    void everyProofHasItsOwnNonce() {
        assertThat(ConnectProof.create(server, keys.getPrivate(), NOW).nonce())
                .isNotEqualTo(ConnectProof.create(server, keys.getPrivate(), NOW).nonce());
    }

    @Test
    void anotherKeyDoesNotVerify() {
        ConnectProof proof = ConnectProof.create(server, AgentKeys.generate().getPrivate(), NOW);
        assertThat(proof.signatureValid(keys.getPublic())).isFalse();
    }

    @Test
    void changingAnySignedFieldBreaksTheSignature() {
        ConnectProof proof = ConnectProof.create(server, keys.getPrivate(), NOW);
        String header = proof.toHeader();
        String otherServer = header.replace(server.toString(), UUID.randomUUID().toString());
        String otherTime = header.replace("time=" + NOW.getEpochSecond(), "time=" + (NOW.getEpochSecond() + 1));
        String otherNonce = header.replace("nonce=" + proof.nonce(), "nonce=" + "A".repeat(proof.nonce().length()));
        for (String tampered : new String[] {otherServer, otherTime, otherNonce}) {
            assertThat(ConnectProof.parse(tampered).signatureValid(keys.getPublic())).as(tampered).isFalse();
        }
        byte[] sig = proof.signature().clone();
        sig[10] ^= 1;
        assertThat(new ConnectProof(server, proof.time(), proof.nonce(), sig).signatureValid(keys.getPublic())).isFalse();
    }

    @Test
    void oldOrFutureProofsAreNotFresh() {
        ConnectProof proof = ConnectProof.create(server, keys.getPrivate(), NOW);
        assertThat(proof.freshAt(NOW.plus(Duration.ofMinutes(6)))).isFalse();
        assertThat(proof.freshAt(NOW.minus(Duration.ofMinutes(6)))).isFalse();
    }

    @Test
    void malformedHeadersNameTheProblem() {
        assertThatThrownBy(() -> ConnectProof.parse(null)).hasMessageContaining("no X-VaultFleet-Agent header");
        assertThatThrownBy(() -> ConnectProof.parse("v2 server=x")).hasMessageContaining("unsupported version 'v2'");
        assertThatThrownBy(() -> ConnectProof.parse("v1 server")).hasMessageContaining("malformed field 'server'");
        assertThatThrownBy(() -> ConnectProof.parse("v1 server=not-a-uuid time=1 nonce=abcdefghijklmnop sig=AA"))
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> ConnectProof.parse("v1 server=" + server + " nonce=abcdefghijklmnop sig=AA"))
                .hasMessageContaining("'time' is missing");
        assertThatThrownBy(() -> ConnectProof.parse("v1 " + "x=y ".repeat(200))).hasMessageContaining("too long");
    }

    @Test
    void publicKeysRoundTripAndBadOnesAreNamed() {
        String encoded = AgentKeys.encodePublic(keys.getPublic());
        assertThat(AgentKeys.decodePublic(encoded)).isEqualTo(keys.getPublic());
        assertThatThrownBy(() -> AgentKeys.decodePublic("bm90IGEga2V5")).hasMessageContaining("not a base64 Ed25519 key");
        assertThatThrownBy(() -> AgentKeys.decodePublic(" ")).hasMessageContaining("missing");
        assertThat(AgentKeys.decodePrivate(AgentKeys.encodePrivate(keys.getPrivate()))).isEqualTo(keys.getPrivate());
    }
}
