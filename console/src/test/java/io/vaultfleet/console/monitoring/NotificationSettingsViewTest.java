package io.vaultfleet.console.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.vault.Vault;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Notification settings per role, browserless: a Reader sees both saves disabled with the role each needs on hover;
 * a Contributor saves a vault's notifications but not the mail server; an Owner both; each bad entry is told once,
 * at its field, in plain words.
 */
@ConsoleTest
class NotificationSettingsViewTest extends SpringBrowserlessTest {
    @Autowired TestVaults testVaults;

    @Test
    @WithMockUser(username = "notify-view-reader", authorities = "ROLE_READER")
    void aReaderSeesBothSavesDisabledWithTheRoleEachNeeds() {
        navigate(NotificationSettingsView.class);
        Button smtp = $(Button.class).id("save-smtp");
        assertThat(smtp.isEnabled()).isFalse();
        assertThat(smtp.getTooltip().getText()).isEqualTo("Changing the mail server needs the Owner role at console scope.");
        Button vault = $(Button.class).id("save-vault-notifications");
        assertThat(vault.isEnabled()).isFalse();
        assertThat(vault.getTooltip().getText())
                .isEqualTo("Changing a vault's notifications needs the Contributor role at console scope.");
    }

    @Test
    @WithMockUser(username = "notify-view-contributor", authorities = {"ROLE_CONTRIBUTOR", "ROLE_OPERATOR", "ROLE_READER"})
    void aContributorSavesAVaultsNotificationsAndIsToldEachProblemAtItsField() {
        Vault vault = testVaults.create("notify-view");
        navigate(NotificationSettingsView.class);
        assertThat($(Button.class).id("save-smtp").isEnabled()).isFalse();
        Button save = $(Button.class).id("save-vault-notifications");
        assertThat(save.isEnabled()).isTrue();

        test(save).click();
        ComboBox<?> vaults = $(ComboBox.class).id("notification-vault");
        assertThat(vaults.isInvalid()).isTrue();
        assertThat(vaults.getErrorMessage()).isEqualTo("Choose a vault.");

        @SuppressWarnings("unchecked")
        ComboBox<Vault> chosen = (ComboBox<Vault>) vaults;
        chosen.setValue(chosen.getListDataView().getItems().filter(v -> v.id().equals(vault.id())).findFirst().orElseThrow());
        test($(Checkbox.class).id("notification-digest")).click();
        test($(PasswordField.class).id("notification-webhook-secret")).setValue("short");
        test(save).click();
        assertThat(vaults.isInvalid()).isFalse();
        TextArea recipients = $(TextArea.class).id("notification-recipients");
        assertThat(recipients.isInvalid()).isTrue();
        assertThat(recipients.getErrorMessage()).isEqualTo("A daily digest needs at least one recipient.");
        PasswordField secret = $(PasswordField.class).id("notification-webhook-secret");
        assertThat(secret.isInvalid()).isTrue();
        assertThat(secret.getErrorMessage()).isEqualTo("The webhook secret must have at least 16 characters.");
        assertThat($(TextField.class).id("notification-webhook-url").isInvalid()).isFalse();
    }

    @Test
    @WithMockUser(username = "notify-view-owner", authorities = {"ROLE_OWNER", "ROLE_CONTRIBUTOR", "ROLE_OPERATOR",
            "ROLE_READER"})
    void anOwnerSavesTheMailServerAndABadSenderIsToldAtItsField() {
        navigate(NotificationSettingsView.class);
        Button smtp = $(Button.class).id("save-smtp");
        assertThat(smtp.isEnabled()).isTrue();
        assertThat($(com.vaadin.flow.component.html.Paragraph.class).withId("smtp-refusal").exists()).isFalse();
        test($(TextField.class).id("smtp-host")).setValue("mail.example.com");
        test($(TextField.class).id("smtp-from")).setValue("not an address");
        test(smtp).click();
        TextField from = $(TextField.class).id("smtp-from");
        assertThat(from.isInvalid()).isTrue();
        assertThat(from.getErrorMessage()).isEqualTo("Enter the sender address, e.g. backup-alerts@example.com.");
        assertThat($(TextField.class).id("smtp-host").isInvalid()).isFalse();
    }
}
