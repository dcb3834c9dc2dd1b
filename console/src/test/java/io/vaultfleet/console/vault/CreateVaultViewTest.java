package io.vaultfleet.console.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.protocol.vault.VaultName;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * The vault list's + Add and the Create vault form, browserless, per role: a Reader is told which role is needed
 * instead of being offered a form that cannot succeed; a Contributor's form shows each name problem once, at the
 * field, and nothing before a name is typed.
 */
@ConsoleTest
class CreateVaultViewTest extends SpringBrowserlessTest {

    @Test
    @WithMockUser(username = "create-view-reader", authorities = "ROLE_READER")
    void aReaderSeesAddDisabledWithTheRoleItNeeds() {
        navigate(VaultsView.class);
        Button add = $(Button.class).id("add-vault-button");
        assertThat(add.isEnabled()).isFalse();
        assertThat(add.getTooltip().getText()).contains("Contributor role at a subscription or at a resource group");
    }

    @Test
    @WithMockUser(username = "create-view-reader", authorities = "ROLE_READER")
    void aReaderOpeningCreateByAddressIsToldWhichRoleIsNeededAndGetsNoForm() {
        navigate(CreateVaultView.class);
        assertThat($(Paragraph.class).id("create-vault-refusal").getText()).isEqualTo(VaultService.CREATE_NEEDS);
        assertThat($(TextField.class).withId("vault-name").exists()).isFalse();
        assertThat($(Button.class).withId("create-vault-button").exists()).isFalse();
    }

    @Test
    @WithMockUser(username = "create-view-contributor", authorities = {"ROLE_CONTRIBUTOR", "ROLE_READER"})
    void aContributorIsOfferedAdd() {
        navigate(VaultsView.class);
        assertThat($(Button.class).id("add-vault-button").isEnabled()).isTrue();
    }

    @Test
    @WithMockUser(username = "create-view-contributor", authorities = {"ROLE_CONTRIBUTOR", "ROLE_READER"})
    void theEmptyFormShowsNoErrorBeforeANameIsTyped() {
        navigate(CreateVaultView.class);
        TextField name = $(TextField.class).id("vault-name");
        assertThat(name.isInvalid()).isFalse();
        assertThat(name.getErrorMessage()).isNullOrEmpty();
    }

    @Test
    @WithMockUser(username = "create-view-contributor", authorities = {"ROLE_CONTRIBUTOR", "ROLE_READER"})
    void eachNameProblemIsShownOnceAtTheField() {
        navigate(CreateVaultView.class);
        TextField name = $(TextField.class).id("vault-name");
        test(name).setValue("abc-");
        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).isEqualTo(VaultName.LAST_CHARACTER);

        test(name).setValue("_");
        assertThat(name.getErrorMessage().lines())
                .containsExactly(VaultName.LENGTH, VaultName.FIRST_LETTER, VaultName.CHARACTERS);
        assertThat($(com.vaadin.flow.component.html.UnorderedList.class).exists())
                .as("no second list of the same problems under the field").isFalse();

        test(name).setValue("");
        assertThat(name.getErrorMessage()).isEqualTo(VaultName.REQUIRED);

        test(name).setValue("Good-name1");
        assertThat(name.isInvalid()).isFalse();
    }

    @Test
    @WithMockUser(username = "create-view-contributor", authorities = {"ROLE_CONTRIBUTOR", "ROLE_READER"})
    void reviewOnAnUntouchedFormMarksTheNameOnce() {
        navigate(CreateVaultView.class);
        test($(Button.class).id("review-create-button")).click();
        TextField name = $(TextField.class).id("vault-name");
        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).isEqualTo(VaultName.REQUIRED);
    }
}
