package io.vaultfleet.protocol.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.vaultfleet.protocol.vault.CredentialsVerifier.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class CredentialsSignerVerifierTest {
    private static final Instant ISSUED = Instant.parse("2026-11-25T10:00:00Z");
    private static final KeyPair KEYS = CredentialsSigner.generateKeyPair();
    private final CredentialsSigner signer = new CredentialsSigner(KEYS);

    private static VaultCredentials credentials() {
        return new VaultCredentials(UUID.randomUUID(), UUID.randomUUID(), "prod-vault", UUID.randomUUID(),
                "Production", "rg-backup", "local", URI.create("https://console.example:8443"),
                "ab".repeat(32), "s".repeat(43), ISSUED, ISSUED.plus(VaultCredentials.DEFAULT_VALIDITY));
    }

    private static CredentialsVerifier verifierAt(Instant now, Set<UUID> revoked) {
        return CredentialsVerifier.trusting(List.of(KEYS.getPublic()), Clock.fixed(now, ZoneOffset.UTC),
                revoked::contains);
    }

    private static CredentialsVerifier verifier() {
        return verifierAt(ISSUED.plus(Duration.ofDays(1)), Set.of());
    }

    @Test
    void acceptsWhatItSignedAndReadsEveryFieldBack() {
        VaultCredentials original = credentials();
        var result = verifier().verify(signer.sign(original));
        assertThat(result.outcome()).isEqualTo(Outcome.VALID);
        assertThat(result.credentials()).isEqualTo(original);
    }

    @Test
    void selfContainedVerifierChecksIntegrityWithTheEmbeddedKey() {
        byte[] file = signer.sign(credentials());
        var clock = Clock.fixed(ISSUED.plusSeconds(5), ZoneOffset.UTC);
        assertThat(CredentialsVerifier.selfContained(clock).verify(file).outcome()).isEqualTo(Outcome.VALID);
        byte[] tampered = withPayloadField(file, "vaultName", "other-vault");
        assertThat(CredentialsVerifier.selfContained(clock).verify(tampered).outcome()).isEqualTo(Outcome.TAMPERED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"credentialId", "vaultId", "vaultName", "subscriptionId", "subscriptionName",
            "resourceGroup", "storageLocation", "consoleUrl", "consoleCertificateSha256", "enrollmentSecret",
            "issuedAt", "expiresAt"})
    void reportsTamperingWithAnyPayloadField(String field) {
        byte[] file = signer.sign(credentials());
        String replacement = switch (field) {
            case "credentialId", "vaultId", "subscriptionId" -> UUID.randomUUID().toString();
            case "consoleUrl" -> "https://attacker.example";
            case "consoleCertificateSha256" -> "cd".repeat(32);
            case "issuedAt" -> ISSUED.minusSeconds(60).toString();
            case "expiresAt" -> ISSUED.plus(Duration.ofDays(365)).toString();
            case "enrollmentSecret" -> "t".repeat(43);
            default -> "changed-value";
        };
        var result = verifier().verify(withPayloadField(file, field, replacement));
        assertThat(result.outcome()).as(field).isEqualTo(Outcome.TAMPERED);
        assertThat(result.credentials()).isNull();
    }

    @Test
    void reportsATamperedSignature() {
        byte[] file = signer.sign(credentials());
        ObjectNode envelope = envelope(file);
        byte[] sig = CredentialsFormat.decode(envelope.get("signature").asString());
        sig[0] ^= 1;
        envelope.put("signature", CredentialsFormat.encode(sig));
        assertThat(verifier().verify(bytes(envelope)).outcome()).isEqualTo(Outcome.TAMPERED);
    }

    @Test
    void reportsAFileSignedByAnotherConsoleAsUnknownKey() {
        byte[] file = new CredentialsSigner(CredentialsSigner.generateKeyPair()).sign(credentials());
        var result = verifier().verify(file);
        assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN_KEY);
        assertThat(result.reason()).contains("does not know");
    }

    @Test
    void reportsAForeignKeyPassedOffUnderTheTrustedKeyIdAsUnknownKey() {
        KeyPair other = CredentialsSigner.generateKeyPair();
        ObjectNode envelope = envelope(new CredentialsSigner(other).sign(credentials()));
        envelope.put("keyId", signer.keyId());
        assertThat(verifier().verify(bytes(envelope)).outcome()).isEqualTo(Outcome.UNKNOWN_KEY);
    }

    @Test
    void reportsExpiryAtTheExactExpiryInstant() {
        VaultCredentials c = credentials();
        byte[] file = signer.sign(c);
        assertThat(verifierAt(c.expiresAt().minusSeconds(1), Set.of()).verify(file).outcome()).isEqualTo(Outcome.VALID);
        var expired = verifierAt(c.expiresAt(), Set.of()).verify(file);
        assertThat(expired.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(expired.reason()).contains("expired");
    }

    @Test
    void reportsRevokedCredentials() {
        VaultCredentials c = credentials();
        var result = verifierAt(ISSUED.plusSeconds(1), Set.of(c.credentialId())).verify(signer.sign(c));
        assertThat(result.outcome()).isEqualTo(Outcome.REVOKED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{}", "{\"format\":\"other\",\"version\":1}",
            "{\"format\":\"vaultfleet-vault-credentials\",\"version\":2}",
            "{\"format\":\"vaultfleet-vault-credentials\",\"version\":1,\"keyId\":\"x\"}"})
    void reportsMalformedFiles(String content) {
        assertThat(verifier().verify(content.getBytes(StandardCharsets.UTF_8)).outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void reportsAChangedFormatAsMalformed() {
        ObjectNode envelope = envelope(signer.sign(credentials()));
        envelope.put("format", "something-else");
        assertThat(verifier().verify(bytes(envelope)).outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void keyPairSurvivesEncoding() {
        KeyPair copy = CredentialsSigner.keyPair(KEYS.getPrivate().getEncoded(), KEYS.getPublic().getEncoded());
        byte[] file = new CredentialsSigner(copy).sign(credentials());
        assertThat(verifier().verify(file).outcome()).isEqualTo(Outcome.VALID);
    }

    private static VaultCredentials restoreOnly() {
        return new VaultCredentials(UUID.randomUUID(), UUID.randomUUID(), "prod-vault", UUID.randomUUID(),
                "Production", "rg-backup", "west", URI.create("https://console.example:8443"), "ab".repeat(32), "",
                ISSUED, ISSUED.plus(VaultCredentials.DEFAULT_VALIDITY), CredentialsPurpose.RESTORE_ONLY,
                List.of(new RestoreSource(UUID.randomUUID(), "web-01",
                        "azure:https://west.example/srv-1?sv=2025&sp=rl&sig=secret", ISSUED.plus(Duration.ofDays(10)))));
    }

    @Test
    void aRestoreOnlyFileReadsBackWithItsPurposeAndSourcesAndCarriesNoEnrollmentSecret() {
        VaultCredentials original = restoreOnly();
        byte[] file = signer.sign(original);
        var result = verifier().verify(file);
        assertThat(result.outcome()).isEqualTo(Outcome.VALID);
        assertThat(result.credentials()).isEqualTo(original);
        assertThat(result.credentials().restoreOnly()).isTrue();
        ObjectNode payload = (ObjectNode) CredentialsFormat.JSON.readTree(
                CredentialsFormat.decode(envelope(file).get("payload").asString()));
        assertThat(payload.get("purpose").asString()).isEqualTo("restore-only");
        assertThat(payload.has("enrollmentSecret")).isFalse();
        assertThat(original.toString()).doesNotContain("sig=secret");
    }

    @Test
    void aFileWithoutAPurposeIsARegistrationFile() {
        VaultCredentials original = credentials();
        ObjectNode envelope = envelope(signer.sign(original));
        ObjectNode payload = (ObjectNode) CredentialsFormat.JSON.readTree(
                CredentialsFormat.decode(envelope.get("payload").asString()));
        assertThat(payload.get("purpose").asString()).isEqualTo("registration");
        payload.remove("purpose"); // as written before the field existed
        var result = CredentialsVerifier.selfContained(Clock.fixed(ISSUED.plusSeconds(5), ZoneOffset.UTC))
                .verify(resigned(payload));
        assertThat(result.outcome()).isEqualTo(Outcome.VALID);
        assertThat(result.credentials().purpose()).isEqualTo(CredentialsPurpose.REGISTRATION);
        assertThat(result.credentials()).isEqualTo(original);
    }

    @Test
    void turningARestoreOnlyFileIntoARegistrationFileBreaksTheSignature() {
        byte[] file = signer.sign(restoreOnly());
        assertThat(verifier().verify(withPayloadField(file, "purpose", "registration")).outcome())
                .isEqualTo(Outcome.TAMPERED);
    }

    @Test
    void anUnknownPurposeIsMalformed() {
        ObjectNode payload = (ObjectNode) CredentialsFormat.JSON.readTree(
                CredentialsFormat.decode(envelope(signer.sign(credentials())).get("payload").asString()));
        payload.put("purpose", "everything");
        var result = verifier().verify(resigned(payload));
        assertThat(result.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(result.reason()).contains("unknown purpose 'everything'");
    }

    @Test
    void aRestoreOnlyFileMustNameACopyAndCarryNoSecret() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new VaultCredentials(UUID.randomUUID(),
                UUID.randomUUID(), "prod-vault", UUID.randomUUID(), "Production", "rg", "west",
                URI.create("https://c.example"), "", "s".repeat(43), ISSUED, ISSUED.plusSeconds(60),
                CredentialsPurpose.RESTORE_ONLY, restoreOnly().restoreSources()))
                .hasMessageContaining("no enrollment secret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new VaultCredentials(UUID.randomUUID(),
                UUID.randomUUID(), "prod-vault", UUID.randomUUID(), "Production", "rg", "west",
                URI.create("https://c.example"), "", "", ISSUED, ISSUED.plusSeconds(60),
                CredentialsPurpose.RESTORE_ONLY, List.of())).hasMessageContaining("at least one server");
    }

    /** A payload signed again with the test's key (a file the console could have written). */
    private byte[] resigned(ObjectNode payload) {
        byte[] bytes = CredentialsFormat.JSON.writeValueAsBytes(payload);
        try {
            var ed = java.security.Signature.getInstance("Ed25519");
            ed.initSign(KEYS.getPrivate());
            ed.update(bytes);
            ObjectNode envelope = envelope(signer.sign(credentials()));
            envelope.put("payload", CredentialsFormat.encode(bytes));
            envelope.put("signature", CredentialsFormat.encode(ed.sign()));
            return bytes(envelope);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode envelope(byte[] file) {
        return (ObjectNode) CredentialsFormat.JSON.readTree(file);
    }

    private static byte[] bytes(ObjectNode envelope) {
        return CredentialsFormat.JSON.writeValueAsBytes(envelope);
    }

    /** Rewrites one payload field and keeps the original signature, as someone editing the file would. */
    private static byte[] withPayloadField(byte[] file, String field, String value) {
        ObjectNode envelope = envelope(file);
        ObjectNode payload = (ObjectNode) CredentialsFormat.JSON.readTree(
                CredentialsFormat.decode(envelope.get("payload").asString()));
        payload.put(field, value);
        envelope.put("payload", CredentialsFormat.encode(CredentialsFormat.JSON.writeValueAsBytes(payload)));
        return bytes(envelope);
    }
}
