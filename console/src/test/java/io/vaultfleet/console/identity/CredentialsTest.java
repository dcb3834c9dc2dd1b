package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialsTest {
    @Test
    void acceptsAGoodUserNameAndPassword() {
        assertThat(Credentials.usernameProblems("jane.doe@corp")).isEmpty();
        assertThat(Credentials.passwordProblems("correct horse battery", "jane")).isEmpty();
    }

    @Test
    void rejectsShortPasswordsWithTheMinimumInTheMessage() {
        assertThat(Credentials.passwordProblems("short", "jane"))
                .containsExactly("Password must be at least 12 characters long.");
    }

    @Test
    void rejectsPasswordsContainingTheUserName() {
        assertThat(Credentials.passwordProblems("my-name-is-jane-ok", "Jane"))
                .containsExactly("Password must not contain the user name.");
    }

    @Test
    void rejectsUserNamesWithSpacesOrMissing() {
        assertThat(Credentials.usernameProblems("jane doe"))
                .containsExactly("User name may contain only letters, digits, '.', '_', '-' and '@'.");
        assertThat(Credentials.usernameProblems(" ")).containsExactly("User name is required.");
    }
}
