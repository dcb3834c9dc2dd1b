package io.vaultfleet.protocol.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VaultNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"ab", "Vault-1", "contoso-backup-vault", "A0", "x-1", "a--b"})
    void acceptsNamesThatFollowEveryRule(String name) {
        assertThat(VaultName.problems(name)).isEmpty();
        assertThat(VaultName.of(name).value()).isEqualTo(name);
    }

    @Test
    void acceptsExactlyFiftyCharacters() {
        assertThat(VaultName.problems("a".repeat(50))).isEmpty();
        assertThat(VaultName.problems("a".repeat(51))).containsExactly(VaultName.LENGTH);
    }

    @Test
    void requiresAName() {
        assertThat(VaultName.problems("")).containsExactly(VaultName.REQUIRED);
        assertThat(VaultName.problems(null)).containsExactly(VaultName.REQUIRED);
    }

    @Test
    void rejectsOneCharacter() {
        assertThat(VaultName.problems("a")).containsExactly(VaultName.LENGTH);
    }

    @Test
    void rejectsVaultNameStartingWithDigit() {
        assertThat(VaultName.problems("1vault")).containsExactly(VaultName.FIRST_LETTER);
    }

    @Test
    void rejectsVaultNameStartingWithHyphen() {
        assertThat(VaultName.problems("-vault")).containsExactly(VaultName.FIRST_LETTER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc-", "x-", "vault--"})
    void rejectsVaultNameEndingInHyphen(String name) {
        assertThat(VaultName.problems(name)).containsExactly(VaultName.LAST_CHARACTER);
    }

    @Test
    void aLoneHyphenBreaksLengthAndFirstLetterOnly() {
        assertThat(VaultName.problems("-")).containsExactly(VaultName.LENGTH, VaultName.FIRST_LETTER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my vault", "my_vault", "vault.1", "väult", "vault!"})
    void rejectsCharactersOtherThanLettersDigitsAndHyphens(String name) {
        assertThat(VaultName.problems(name)).containsExactly(VaultName.CHARACTERS);
    }

    @Test
    void reportsEveryBrokenRuleAtOnce() {
        assertThat(VaultName.problems("_")).containsExactly(VaultName.LENGTH, VaultName.FIRST_LETTER,
                VaultName.CHARACTERS);
    }

    @Test
    void constructorRefusesInvalidNamesWithTheirMessages() {
        assertThatThrownBy(() -> VaultName.of("9 lives"))
                .isInstanceOf(VaultName.InvalidVaultNameException.class)
                .hasMessage(VaultName.FIRST_LETTER + " " + VaultName.CHARACTERS);
    }

    @Test
    void namesCollideRegardlessOfCase() {
        assertThat(VaultName.of("Prod-Vault").key()).isEqualTo(VaultName.of("prod-vault").key());
    }
}
