package io.vaultfleet.console.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.QueryParameters;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.RegisteredServersView;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.identity.AgentKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * The vault-wide Back Up Now dialog (Registered servers of one vault, nothing ticked), browserless: it offers only
 * the items some server of the vault backs up and lists per server what runs for the item chosen.
 */
@ConsoleTest
class VaultBackUpNowDialogTest extends SpringBrowserlessTest {
    @Autowired TestVaults testVaults;
    @Autowired FleetService fleet;

    @Test
    @WithMockUser(username = "vault-now-operator", authorities = {"ROLE_OPERATOR", "ROLE_READER"})
    void aLinuxOnlyVaultIsOfferedNoSystemStateAndEachServerSaysWhatRuns() {
        Vault vault = testVaults.create("now-linux");
        RegisteredServer web = enroll(vault, "now-web", "Linux");
        RegisteredServer db = enroll(vault, "now-db", "Linux");
        RadioButtonGroup<String> item = openWholeVault(vault);

        assertThat(item.getListDataView().getItems().toList()).containsExactly("FILES_AND_FOLDERS", "SYSTEM_CONFIGURATION");
        test(item).selectItem("System configuration");
        assertThat(perServer()).containsExactlyInAnyOrder(web.name() + " (Linux): System configuration.",
                db.name() + " (Linux): System configuration.");
        assertThat($(TextArea.class).withId("backup-now-paths").exists()).as("no paths for System configuration").isFalse();
    }

    @Test
    @WithMockUser(username = "vault-now-operator", authorities = {"ROLE_OPERATOR", "ROLE_READER"})
    void aMixedVaultOffersBothSystemItemsAndSaysWhichServerIsLeftOut() {
        Vault vault = testVaults.create("now-mixed");
        RegisteredServer linux = enroll(vault, "now-lin", "Linux");
        RegisteredServer windows = enroll(vault, "now-win", "Windows Server 2022");
        RadioButtonGroup<String> item = openWholeVault(vault);

        assertThat(item.getListDataView().getItems().toList())
                .containsExactly("FILES_AND_FOLDERS", "SYSTEM_STATE", "SYSTEM_CONFIGURATION");
        test(item).selectItem("System State");
        assertThat(perServer()).containsExactlyInAnyOrder(
                linux.name() + " (Linux): not backed up: System State is for Windows servers.",
                windows.name() + " (Windows): System State.");
        assertThat(String.join("\n", perServer())).doesNotContain("SYSTEM_STATE", "FILES_AND_FOLDERS");

        test(item).selectItem("Files and folders");
        assertThat(perServer()).as("no policy names folders: the paths must be typed").allSatisfy(line ->
                assertThat(line).endsWith("not backed up: it has no policy naming folders: type the files and folders to back up."));
        test($(TextArea.class).id("backup-now-paths")).setValue("/srv");
        assertThat(perServer()).allSatisfy(line -> assertThat(line).endsWith("Files and folders: the paths typed above."));
    }

    @Test
    @WithMockUser(username = "vault-now-operator", authorities = {"ROLE_OPERATOR", "ROLE_READER"})
    void anItemNoServerRunsIsRefusedAtTheItemInPlainWords() {
        Vault vault = testVaults.create("now-none");
        enroll(vault, "now-only", "Linux");
        RadioButtonGroup<String> item = openWholeVault(vault);
        test(item).selectItem("Files and folders");
        test($(Button.class).id("backup-now-start")).click();
        assertThat(item.isInvalid()).isTrue();
        assertThat(item.getErrorMessage()).isEqualTo("No server of this vault backs up Files and folders: it has no "
                + "policy naming folders: type the files and folders to back up.");
    }

    @SuppressWarnings("unchecked")
    private RadioButtonGroup<String> openWholeVault(Vault vault) {
        UI.getCurrent().navigate("servers", QueryParameters.simple(Map.of("vault", vault.id().toString())));
        assertThat(getCurrentView()).isInstanceOf(RegisteredServersView.class);
        Button now = $(Button.class).id("servers-back-up-now");
        assertThat(now.getText()).isEqualTo("Back Up Now (whole vault)");
        test(now).click();
        return $(RadioButtonGroup.class).id("backup-now-item");
    }

    private List<String> perServer() {
        return $(ListItem.class).from($(UnorderedList.class).id("backup-now-servers")).all().stream()
                .map(ListItem::getText).toList();
    }

    private RegisteredServer enroll(Vault vault, String prefix, String os) {
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.id(), prefix + "-"
                + UUID.randomUUID().toString().substring(0, 6), os, "6.1", "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        return enrolled.server();
    }
}
