package io.vaultfleet.console.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.ScopedUsers;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.identity.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * One vault's sections per role, browserless: a Reader of the vault sees every section but no control that would
 * change it (the backup goal's OK disabled with the role it needs, no soft-delete or role-assignment controls); a
 * Contributor sets the goal and is told each problem at its field; an Owner gets soft delete and access control; a
 * user of another vault is told which role is missing and sees nothing of it.
 */
@ConsoleTest
class VaultViewRolesTest extends SpringBrowserlessTest {
    private static final String READER = "vault-view-reader";
    private static final String CONTRIBUTOR = "vault-view-contributor";
    private static final String STRANGER = "vault-view-stranger";
    private static Vault vault;

    @Autowired TestVaults testVaults;
    @Autowired ScopedUsers scoped;

    @BeforeEach
    void aVaultWithAReaderAndAContributor() {
        if (vault != null) {
            return;
        }
        vault = testVaults.create("vault-view");
        Vault other = testVaults.create("vault-view-other");
        scoped.grant(READER, Role.READER, vault.path());
        scoped.grant(CONTRIBUTOR, Role.CONTRIBUTOR, vault.path());
        scoped.grant(STRANGER, Role.OWNER, other.path());
    }

    @Test
    @WithMockUser(username = READER, authorities = "SCOPED")
    void aReaderSeesTheGoalWithOkDisabledAndTheRoleItNeeds() {
        open("backup-goal");
        Button ok = $(Button.class).id("goal-ok-button");
        assertThat(ok.isEnabled()).isFalse();
        assertThat(ok.getTooltip().getText()).isEqualTo(BackupGoalPanel.GOAL_NEEDS).contains("Contributor role");
    }

    @Test
    @WithMockUser(username = READER, authorities = "SCOPED")
    void aReaderSeesTheReplicationTypeReadOnlyWithSaveDisabledAndTheRoleItNeeds() {
        open("backup-configuration");
        Button save = $(Button.class).id("redundancy-save");
        assertThat(save.isEnabled()).isFalse();
        assertThat(save.getTooltip().getText()).isEqualTo(BackupConfigurationPanel.REDUNDANCY_NEEDS)
                .contains("Contributor role");
        assertThat($(RadioButtonGroup.class).id("redundancy-options").isReadOnly()).isTrue();
    }

    @Test
    @WithMockUser(username = CONTRIBUTOR, authorities = "SCOPED")
    void aContributorMayChangeTheReplicationType() {
        open("backup-configuration");
        assertThat($(Button.class).id("redundancy-save").isEnabled()).isTrue();
        assertThat($(RadioButtonGroup.class).id("redundancy-options").isReadOnly()).isFalse();
    }

    @Test
    @WithMockUser(username = READER, authorities = "SCOPED")
    void aReaderGetsNoSoftDeleteOrRoleAssignmentControls() {
        open("security");
        assertThat($(Div.class).id("soft-delete-status").getText()).startsWith("Soft delete is");
        assertThat($(Button.class).all()).extracting(Button::getId).map(id -> id.orElse(""))
                .noneMatch(id -> id.startsWith("soft-delete-"));
        open("access");
        assertThat($(Button.class).withId("access-add").exists()).isFalse();
        assertThat($(com.vaadin.flow.component.grid.Grid.class).id("access-grid").isVisible()).isTrue();
    }

    @Test
    @WithMockUser(username = CONTRIBUTOR, authorities = "SCOPED")
    void aContributorSetsTheGoalAndIsToldEachProblemOnceAtItsField() {
        open("backup-goal");
        Button ok = $(Button.class).id("goal-ok-button");
        assertThat(ok.isEnabled()).isTrue();
        test(ok).click();
        RadioButtonGroup<?> workload = $(RadioButtonGroup.class).id("goal-workload");
        CheckboxGroup<?> items = $(CheckboxGroup.class).id("goal-items");
        assertThat(workload.isInvalid()).isTrue();
        assertThat(workload.getErrorMessage()).isEqualTo("Choose where your workload is running.");
        assertThat(items.isInvalid()).isTrue();
        assertThat(items.getErrorMessage()).isEqualTo("Choose what you want to back up.");
        assertThat($(Div.class).withId("goal-error").exists()).as("not a second time in a banner").isFalse();
    }

    @Test
    @WithMockUser(username = CONTRIBUTOR, authorities = "SCOPED")
    void aContributorMayNotAssignRoles() {
        open("access");
        assertThat($(Button.class).withId("access-add").exists()).isFalse();
    }

    @Test
    @WithMockUser(username = "vault-view-owner", authorities = {"ROLE_OWNER", "ROLE_CONTRIBUTOR", "ROLE_OPERATOR",
            "ROLE_READER"})
    void anOwnerGetsSoftDeleteAndAccessControl() {
        open("security");
        assertThat($(Button.class).withId("soft-delete-disable").exists()).isTrue();
        open("access");
        assertThat($(Button.class).withId("access-add").exists()).isTrue();
    }

    @Test
    @WithMockUser(username = STRANGER, authorities = "SCOPED")
    void anotherVaultsOwnerIsToldWhichRoleIsMissingAndSeesNothingOfIt() {
        open("overview");
        assertThat($(Div.class).id("vault-unavailable").getText()).contains("Reader");
        assertThat($(Div.class).withClassName("vault-body").exists()).as("no menu or section of it").isFalse();
    }

    private void open(String section) {
        navigate("vaults/" + vault.id() + "/" + section, VaultView.class);
    }
}
