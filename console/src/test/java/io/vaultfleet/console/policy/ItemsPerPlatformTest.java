package io.vaultfleet.console.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Month;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.QueryParameters;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerDetailView;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.identity.AgentKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Back Up Now and the Schedule Backup wizard offer only the items that apply to the servers concerned (no System
 * State for Linux), and the wizard's messages sit at their fields in plain words, browserless.
 */
@ConsoleTest
class ItemsPerPlatformTest extends SpringBrowserlessTest {
    private static Vault vault;
    private static RegisteredServer linux;
    private static RegisteredServer windows;

    @Autowired TestVaults testVaults;
    @Autowired FleetService fleet;

    @BeforeEach
    void aVaultWithALinuxAndAWindowsServer() {
        if (vault != null) {
            return;
        }
        vault = testVaults.create("items");
        linux = enroll("items-linux", "Linux", "6.1");
        windows = enroll("items-windows", "Windows Server 2022", "10.0");
    }

    @Test
    @WithMockUser(username = "items-operator", authorities = {"ROLE_OPERATOR", "ROLE_READER"})
    void backUpNowOffersALinuxServerNoSystemState() {
        assertThat(backUpNowItems(linux)).containsExactly("FILES_AND_FOLDERS", "SYSTEM_CONFIGURATION");
        assertThat($(Paragraph.class).all()).extracting(Paragraph::getText)
                .contains("Starts a backup of " + linux.name() + " now.");
    }

    @Test
    @WithMockUser(username = "items-operator", authorities = {"ROLE_OPERATOR", "ROLE_READER"})
    void backUpNowOffersAWindowsServerSystemState() {
        assertThat(backUpNowItems(windows)).containsExactly("FILES_AND_FOLDERS", "SYSTEM_STATE");
    }

    @Test
    @WithMockUser(username = "items-operator", authorities = {"ROLE_OPERATOR", "ROLE_READER"})
    void backUpNowWithoutPathsSaysSoAtThePathsInPlainWords() {
        backUpNowItems(linux);
        test($(Button.class).id("backup-now-start")).click();
        TextArea paths = $(TextArea.class).id("backup-now-paths");
        assertThat(paths.isInvalid()).isTrue();
        assertThat(paths.getErrorMessage()).isEqualTo("Enter at least one file or folder to back up, one a line.")
                .doesNotContain("FILES_AND_FOLDERS");
    }

    @Test
    @WithMockUser(username = "items-contributor", authorities = {"ROLE_CONTRIBUTOR", "ROLE_READER"})
    void theWizardNeitherOffersNorPreselectsSystemStateForALinuxServer() {
        openWizard(linux);
        toSelectItems();
        @SuppressWarnings("unchecked")
        CheckboxGroup<String> items = $(CheckboxGroup.class).id("policy-items");
        assertThat(items.getListDataView().getItems().toList()).containsExactly("FILES_AND_FOLDERS",
                "SYSTEM_CONFIGURATION");
        assertThat(items.getValue()).containsExactly("FILES_AND_FOLDERS");
    }

    @Test
    @WithMockUser(username = "items-contributor", authorities = {"ROLE_CONTRIBUTOR", "ROLE_READER"})
    void theWizardPreselectsSystemStateForAWindowsServer() {
        openWizard(windows);
        toSelectItems();
        @SuppressWarnings("unchecked")
        CheckboxGroup<String> items = $(CheckboxGroup.class).id("policy-items");
        assertThat(items.getListDataView().getItems().toList()).containsExactly("FILES_AND_FOLDERS", "SYSTEM_STATE");
        assertThat(items.getValue()).containsExactly("SYSTEM_STATE");
    }

    @Test
    @WithMockUser(username = "items-contributor", authorities = {"ROLE_CONTRIBUTOR", "ROLE_READER"})
    void theWizardMarksTheCurrentStepAndSeparatesTheSteps() {
        openWizard(windows);
        Div steps = $(Div.class).id("wizard-steps");
        List<Span> spans = $(Span.class).from(steps).all();
        assertThat(spans).filteredOn(s -> s.getClassNames().contains("wizard-step-current")).singleElement()
                .satisfies(s -> {
                    assertThat(s.getText()).isEqualTo("1. Getting started");
                    assertThat(s.getElement().getAttribute("aria-current")).isEqualTo("step");
                });
        assertThat(spans).filteredOn(s -> s.getClassNames().contains("wizard-step-separator")).hasSize(5);
    }

    @Test
    @WithMockUser(username = "items-contributor", authorities = {"ROLE_CONTRIBUTOR", "ROLE_READER"})
    void aThrottlingProblemIsShownAtItsFieldAndTheConfirmationNamesWorkDaysAndHours() {
        openWizard(windows);
        test($(TextField.class).id("policy-name")).setValue("items-" + UUID.randomUUID().toString().substring(0, 6));
        next();
        next();
        next();
        @SuppressWarnings("unchecked")
        ComboBox<Month> yearlyIn = $(ComboBox.class).id("retention-yearly-in");
        assertThat(yearlyIn.getItemLabelGenerator().apply(Month.JANUARY)).isEqualTo("January");
        next();
        test($(Checkbox.class).id("throttle-enabled")).click();
        IntegerField work = $(IntegerField.class).id("throttle-work");
        test(work).setValue(100);
        next();
        assertThat(work.isInvalid()).isTrue();
        assertThat(work.getErrorMessage()).startsWith("Work hours bandwidth must be 512 Kbps");
        assertThat($(Paragraph.class).withId("throttle-problem").exists()).as("no second copy after Next").isFalse();

        test(work).setValue(1024);
        next();
        assertThat(work.isInvalid()).isFalse();
        assertThat($(Div.class).id("wizard-confirmation").getElement().getTextRecursively())
                .contains("1024 Kbps in work hours (Mon–Fri 09:00–18:00)");
    }

    private void toSelectItems() {
        test($(TextField.class).id("policy-name")).setValue("items-" + UUID.randomUUID().toString().substring(0, 6));
        next();
    }

    private void next() {
        test($(Button.class).id("wizard-next")).click();
    }

    private List<String> backUpNowItems(RegisteredServer server) {
        navigate("servers/" + server.id(), ServerDetailView.class);
        test($(Button.class).id("back-up-now")).click();
        @SuppressWarnings("unchecked")
        RadioButtonGroup<String> items = $(RadioButtonGroup.class).id("backup-now-item");
        return items.getListDataView().getItems().toList();
    }

    private void openWizard(RegisteredServer server) {
        UI.getCurrent().navigate("schedule-backup", QueryParameters.simple(Map.of("vault", vault.id().toString(),
                "servers", server.id().toString())));
        assertThat(getCurrentView()).isInstanceOf(ScheduleBackupView.class);
        @SuppressWarnings("unchecked")
        var servers = (com.vaadin.flow.component.combobox.MultiSelectComboBox<RegisteredServer>)
                $(com.vaadin.flow.component.combobox.MultiSelectComboBox.class).id("policy-servers");
        assertThat(servers.getValue()).extracting(RegisteredServer::id).isEqualTo(Set.of(server.id()).stream().toList());
    }

    private RegisteredServer enroll(String prefix, String os, String version) {
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.id(), prefix + "-"
                + UUID.randomUUID().toString().substring(0, 6), os, version, "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        return enrolled.server();
    }
}
