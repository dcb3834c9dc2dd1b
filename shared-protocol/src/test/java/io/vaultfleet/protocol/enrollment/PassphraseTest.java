package io.vaultfleet.protocol.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.vaultfleet.protocol.identity.AgentKeys;

class PassphraseTest {
    @Test
    void acceptsSixteenCharactersOrMore() {
        assertThat(Passphrase.of("correct horse bat".toCharArray()).chars()).hasSize(17);
    }

    @Test
    void namesEveryBrokenRule() {
        assertThat(Passphrase.problems("short".toCharArray())).containsExactly(
                "The passphrase must have at least 16 characters (it has 5).");
        assertThat(Passphrase.problems(" padded passphrase ".toCharArray()))
                .containsExactly("The passphrase must not start or end with a space.");
        assertThat(Passphrase.problems("aaaaaaaaaaaaaaaaaaaa".toCharArray()))
                .containsExactly("The passphrase must not repeat a single character.");
        assertThat(Passphrase.problems(new char[0])).containsExactly("The passphrase is empty.");
        assertThatThrownBy(() -> Passphrase.of("tiny".toCharArray())).hasMessageContaining("at least 16");
    }

    @Test
    void generatedPassphrasesAreStrongAndDifferent() {
        Passphrase a = Passphrase.generate();
        Passphrase b = Passphrase.generate();
        assertThat(Passphrase.problems(a.chars())).isEmpty();
        assertThat(a.chars()).hasSize(35);
        assertThat(a.matches(b.chars())).isFalse();
        assertThat(a.matches(a.chars())).isTrue();
    }

    @Test
    void neverPrintsItselfAndCanBeWiped() {
        Passphrase p = Passphrase.of("a very secret passphrase".toCharArray());
        assertThat(p.toString()).doesNotContain("secret");
        p.wipe();
        assertThat(p.matches("a very secret passphrase".toCharArray())).isFalse();
    }

    @Test
    void enrollmentRequestsProvePossessionOfTheKeyTheyRegister() {
        var keys = AgentKeys.generate();
        byte[] file = "{\"format\":\"vaultfleet-vault-credentials\"}".getBytes();
        EnrollmentRequest request = EnrollmentRequest.sign(file, "web-01", "Linux", "6.1", "0.1.0", keys.getPublic(),
                keys.getPrivate(), Instant.parse("2026-11-25T12:00:00Z"));
        assertThat(request.signatureValid()).isTrue();
        assertThat(request.toString()).doesNotContain(request.credentials());

        EnrollmentRequest otherHost = new EnrollmentRequest(request.credentials(), "web-02", request.osName(),
                request.osVersion(), request.agentVersion(), request.publicKey(), request.time(), request.nonce(),
                request.signature());
        assertThat(otherHost.signatureValid()).isFalse();
        EnrollmentRequest otherKey = new EnrollmentRequest(request.credentials(), "web-01", request.osName(),
                request.osVersion(), request.agentVersion(), AgentKeys.encodePublic(AgentKeys.generate().getPublic()),
                request.time(), request.nonce(), request.signature());
        assertThat(otherKey.signatureValid()).isFalse();
        EnrollmentRequest otherFile = new EnrollmentRequest(java.util.Base64.getEncoder().encodeToString("{}".getBytes()),
                "web-01", request.osName(), request.osVersion(), request.agentVersion(), request.publicKey(),
                request.time(), request.nonce(), request.signature());
        assertThat(otherFile.signatureValid()).isFalse();
    }
}
