package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestSecurity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Settings › Users › Add user and My account › Change password, browserless: each refusal is told at the field it
 * concerns, once (a short password at the password, not under the user name).
 */
@ConsoleTest
class UserFormMessagesTest extends SpringBrowserlessTest {
    static final String ACCOUNT_USER = "form-messages-user";
    static final String ACCOUNT_PASSWORD = "Form-messages-password-1";

    @Autowired UserAccountService users;
    @Autowired SecurityContextHolderStrategy security;

    @Test
    @WithMockUser(username = "admin", authorities = {"ROLE_OWNER", "ROLE_CONTRIBUTOR", "ROLE_OPERATOR", "ROLE_READER"})
    void aShortPasswordIsToldAtThePasswordAndABadNameAtTheName() {
        navigate(UsersView.class);
        test($(Button.class).id("add-user-button")).click();
        TextField name = $(TextField.class).id("new-user-name");
        PasswordField password = $(PasswordField.class).id("new-user-password");

        test(name).setValue("short-pw-" + UUID.randomUUID().toString().substring(0, 6));
        test(password).setValue("short");
        test($(Button.class).id("create-user-button")).click();
        assertThat(password.isInvalid()).isTrue();
        assertThat(password.getErrorMessage()).isEqualTo("Password must be at least 12 characters long.");
        assertThat(name.isInvalid()).as("the user name is fine").isFalse();

        test(name).setValue("bad name!");
        test(password).setValue("Long-enough-password-1");
        test($(Button.class).id("create-user-button")).click();
        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).isEqualTo("User name may contain only letters, digits, '.', '_', '-' and '@'.");
        assertThat(password.isInvalid()).as("the earlier password message is gone once the password is fine").isFalse();

        test(name).setValue("x");
        test(password).setValue("y");
        test($(Button.class).id("create-user-button")).click();
        assertThat(name.getErrorMessage()).isEqualTo("User name must be 2 to 64 characters long.");
        assertThat(password.getErrorMessage()).isEqualTo("Password must be at least 12 characters long.");
    }

    @Test
    @WithMockUser(username = "admin", authorities = {"ROLE_OWNER", "ROLE_CONTRIBUTOR", "ROLE_OPERATOR", "ROLE_READER"})
    void aUserNameTakenIsToldAtTheName() {
        navigate(UsersView.class);
        test($(Button.class).id("add-user-button")).click();
        TextField name = $(TextField.class).id("new-user-name");
        PasswordField password = $(PasswordField.class).id("new-user-password");
        test(name).setValue("admin");
        test(password).setValue("Long-enough-password-1");
        test($(Button.class).id("create-user-button")).click();
        assertThat(name.getErrorMessage()).isEqualTo("A user named 'admin' already exists.");
        assertThat(password.isInvalid()).isFalse();
    }

    @Test
    @WithMockUser(username = ACCOUNT_USER, authorities = {"ROLE_READER"})
    void aWrongCurrentPasswordIsToldAtItAndAShortNewOneAtTheNewPassword() {
        TestSecurity.runAs(security, "admin", Role.OWNER, () -> {
            if (users.listUsers().stream().noneMatch(u -> u.username().equals(ACCOUNT_USER))) {
                users.createUser(ACCOUNT_USER, ACCOUNT_USER, ACCOUNT_PASSWORD, Role.READER);
            }
            return null;
        });
        navigate(AccountView.class);
        PasswordField current = $(PasswordField.class).id("current-password");
        PasswordField next = $(PasswordField.class).id("new-password");
        PasswordField repeat = $(PasswordField.class).id("repeat-password");

        test(current).setValue("Not-the-password-1");
        test(next).setValue("Another-password-2");
        test(repeat).setValue("Another-password-2");
        test($(Button.class).id("change-password-button")).click();
        assertThat(current.isInvalid()).isTrue();
        assertThat(current.getErrorMessage()).isEqualTo("The current password is not correct.");
        assertThat(next.isInvalid()).isFalse();

        test(current).setValue(ACCOUNT_PASSWORD);
        test(next).setValue("short");
        test(repeat).setValue("short");
        test($(Button.class).id("change-password-button")).click();
        assertThat(next.isInvalid()).isTrue();
        assertThat(next.getErrorMessage()).isEqualTo("Password must be at least 12 characters long.");
        assertThat(current.isInvalid()).as("the current password was right this time").isFalse();
    }
}
