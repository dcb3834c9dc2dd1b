package io.vaultfleet.console.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Month;
import java.util.List;
import java.util.Map;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.router.QueryParameters;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.ScopedUsers;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.policy.BackupSchedule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Backup policies per role, browserless: a Reader or Backup operator of the vault reads its policies with Schedule
 * Backup, Edit and Delete disabled, each saying on hover which role is needed; a Contributor of the vault gets them.
 */
@ConsoleTest
class PoliciesViewTest extends SpringBrowserlessTest {
    private static final String READER = "policies-view-reader";
    private static final String OPERATOR = "policies-view-operator";
    private static final String CONTRIBUTOR = "policies-view-contributor";
    private static final String NEEDS = "You need the Contributor role at this vault to change its policies.";
    private static Vault vault;

    @Autowired TestVaults testVaults;
    @Autowired ScopedUsers scoped;
    @Autowired PolicyService policies;
    @Autowired SecurityContextHolderStrategy security;

    @BeforeEach
    void aVaultWithAPolicy() {
        if (vault != null) {
            return;
        }
        vault = testVaults.create("policies-view");
        TestSecurity.runAs(security, Role.OWNER, () -> policies.create(vault.id(), new PolicyDraft("Nightly",
                List.of("FILES_AND_FOLDERS"), List.of("/srv"), List.of(), BackupSchedule.daily("UTC", "21:30"),
                RetentionRules.daily(30).withWeekly(4, DayOfWeek.SUNDAY).withMonthly(12, 1)
                        .withYearly(1, Month.JANUARY, 1), null)));
        scoped.grant(READER, Role.READER, vault.path());
        scoped.grant(OPERATOR, Role.OPERATOR, vault.path());
        scoped.grant(CONTRIBUTOR, Role.CONTRIBUTOR, vault.path());
    }

    @Test
    @WithMockUser(username = READER, authorities = "SCOPED")
    void aReaderReadsThePoliciesWithEveryChangeDisabledAndWhy() {
        assertChangesDisabled();
    }

    @Test
    @WithMockUser(username = OPERATOR, authorities = "SCOPED")
    void aBackupOperatorMayNotChangePoliciesEither() {
        assertChangesDisabled();
    }

    @Test
    @WithMockUser(username = CONTRIBUTOR, authorities = "SCOPED")
    void aContributorOfTheVaultMayScheduleEditAndDelete() {
        open();
        assertThat($(Button.class).id("policies-schedule-backup").isEnabled()).isTrue();
        Button edit = rowButtons().get(0);
        assertThat(edit.isEnabled()).isTrue();
        assertThat(edit.getTooltip() == null ? null : edit.getTooltip().getText()).isNullOrEmpty();
    }

    private void assertChangesDisabled() {
        open();
        assertThat(test(grid()).size()).isEqualTo(1);
        Button schedule = $(Button.class).id("policies-schedule-backup");
        assertThat(schedule.isEnabled()).isFalse();
        assertThat(schedule.getTooltip().getText()).isEqualTo(NEEDS);
        Button edit = rowButtons().get(0);
        assertThat(edit.getText()).isEqualTo("Edit");
        assertThat(edit.isEnabled()).isFalse();
        assertThat(edit.getTooltip().getText()).isEqualTo(NEEDS);
        Button delete = rowButtons().get(1);
        assertThat(delete.getText()).isEqualTo("Delete");
        assertThat(delete.isEnabled()).isFalse();
        assertThat(delete.getTooltip().getText()).isEqualTo(NEEDS);
    }

    @SuppressWarnings("unchecked")
    private Grid<BackupPolicy> grid() {
        return $(Grid.class).id("policies-grid");
    }

    /** Edit and Delete of the first policy's row. */
    private List<Button> rowButtons() {
        return test(grid()).getCellComponent(0, 7).getChildren().map(Button.class::cast).toList();
    }

    private void open() {
        UI.getCurrent().navigate("policies", QueryParameters.simple(Map.of("vault", vault.id().toString())));
        assertThat(getCurrentView()).isInstanceOf(PoliciesView.class);
    }
}
