package io.vaultfleet.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.vaultfleet.protocol.SealedPassphrase;
import io.vaultfleet.protocol.identity.AgentKeys;

class RecoveryKeysTest {
    private final KeyPair session = RecoveryKeys.generate();
    private final String publicKey = RecoveryKeys.encodePublic(session.getPublic());

    @Test
    void aSealedPassphraseOpensWithTheSessionKeyOnly() {
        char[] passphrase = "correct horse battery staple é ü 日本".toCharArray();
        SealedPassphrase sealed = RecoveryKeys.seal(publicKey, "session-1", passphrase);
        assertThat(RecoveryKeys.open(session.getPrivate(), "session-1", sealed)).isEqualTo(passphrase);
        assertThat(Base64.getDecoder().decode(sealed.ephemeralPublicKey())).hasSize(65);
        assertThat(new String(Base64.getDecoder().decode(sealed.ciphertext()), StandardCharsets.ISO_8859_1))
                .doesNotContain("horse");

        assertThatThrownBy(() -> RecoveryKeys.open(RecoveryKeys.generate().getPrivate(), "session-1", sealed))
                .hasMessageContaining("cannot be opened");
        assertThatThrownBy(() -> RecoveryKeys.open(session.getPrivate(), "session-2", sealed))
                .hasMessageContaining("cannot be opened");
        byte[] altered = Base64.getDecoder().decode(sealed.ciphertext());
        altered[0] ^= 1;
        var tampered = new SealedPassphrase(sealed.ephemeralPublicKey(), sealed.iv(),
                Base64.getEncoder().encodeToString(altered));
        assertThatThrownBy(() -> RecoveryKeys.open(session.getPrivate(), "session-1", tampered))
                .hasMessageContaining("altered");
    }

    @Test
    void aLongPassphraseOfTheMaximumLengthTravels() {
        char[] passphrase = "ü".repeat(1024).toCharArray();
        var sealed = RecoveryKeys.seal(publicKey, "s", passphrase);
        assertThat(RecoveryKeys.open(session.getPrivate(), "s", sealed)).isEqualTo(passphrase);
    }

    @Test
    void theStatementIsSignedAndCheckedWithTheAgentsIdentityKey() {
        KeyPair identity = AgentKeys.generate();
        Instant expires = Instant.parse("2027-01-01T00:00:00Z");
        byte[] signature = AgentKeys.sign(identity.getPrivate(), RecoveryKeys.statement("s1", publicKey, expires));
        assertThat(AgentKeys.verify(identity.getPublic(), RecoveryKeys.statement("s1", publicKey, expires), signature)).isTrue();
        assertThat(AgentKeys.verify(identity.getPublic(), RecoveryKeys.statement("s2", publicKey, expires), signature)).isFalse();
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] okm = RecoveryKeys.hkdf(hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                hex.parseHex("000102030405060708090a0b0c"), hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertThat(hex.formatHex(okm)).isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                + "34007208d5b887185865");
    }
}
