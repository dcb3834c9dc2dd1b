package io.vaultfleet.console.recover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ReportingServer;
import io.vaultfleet.console.recovery.RecoveryPointCatalog;
import io.vaultfleet.console.ui.DateTimes;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultView;
import io.vaultfleet.protocol.RecoveryPointCreated;
import io.vaultfleet.protocol.identity.AgentKeys;

/**
 * The vault's *Backup items*, browserless, per role: one row per server and item kind with its latest recovery point
 * and count of points (from the catalog the agents fill), and a *Recover Data* action per row that opens the wizard
 * for that server, disabled with the reason for a Reader.
 */
@ConsoleTest
class VaultBackupItemsViewTest extends SpringBrowserlessTest {
    private static Vault vault;
    private static Vault emptyVault;
    private static RegisteredServer linux;
    private static RegisteredServer windows;

    @Autowired TestVaults testVaults;
    @Autowired FleetService fleet;
    @Autowired RecoveryPointCatalog catalog;

    @BeforeEach
    void aVaultWithItems() {
        if (vault != null) {
            return;
        }
        vault = testVaults.create("items-vault");
        emptyVault = testVaults.create("items-empty");
        // names chosen so that sorting by server name puts Linux first
        linux = enroll("a-items-lnx", "Linux", "6.1");
        windows = enroll("b-items-win", "Windows Server 2022", "10.0");
        point(linux, "FILES_AND_FOLDERS", "2026-11-01T22:00:00Z");
        point(linux, "FILES_AND_FOLDERS", "2026-11-02T22:00:00Z");
        point(linux, "SYSTEM_CONFIGURATION", "2026-11-02T23:00:00Z");
        point(windows, "SYSTEM_STATE", "2026-11-03T01:00:00Z");
    }

    private RegisteredServer enroll(String name, String os, String version) {
        return fleet.recordEnrollment(vault.id(), name, os, version, "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
    }

    private void point(RegisteredServer server, String item, String at) {
        catalog.store(new ReportingServer(server.id(), server.name(), vault.id()),
                new RecoveryPointCreated(UUID.randomUUID().toString(), "rp-" + UUID.randomUUID(), item,
                        Instant.parse(at), 10, 1_000, 1_000, 0, List.of("pack-" + UUID.randomUUID())));
    }

    @Test
    @WithMockUser(username = "items-operator", authorities = {"ROLE_OPERATOR", "ROLE_READER"})
    void eachServersItemsAreListedWithTheirLatestPointAndCount() {
        open(vault);
        assertThat($(Anchor.class).id("vault-nav-backup-items").getClassNames()).contains("selected");
        Grid<?> grid = $(Grid.class).id("backup-items");
        var rows = test(grid);
        assertThat(rows.size()).isEqualTo(3);
        int server = rows.getColumnPosition("server");
        int item = rows.getColumnPosition("item");
        int latest = rows.getColumnPosition("latest");
        int count = rows.getColumnPosition("points");
        assertThat(List.of(rows.getCellText(0, server), rows.getCellText(0, item), rows.getCellText(0, latest),
                rows.getCellText(0, count))).containsExactly("a-items-lnx", "Files and folders",
                DateTimes.dateTime(Instant.parse("2026-11-02T22:00:00Z")), "2");
        assertThat(List.of(rows.getCellText(1, server), rows.getCellText(1, item), rows.getCellText(1, count)))
                .containsExactly("a-items-lnx", "System configuration", "1");
        assertThat(List.of(rows.getCellText(2, server), rows.getCellText(2, item), rows.getCellText(2, latest),
                rows.getCellText(2, count))).containsExactly("b-items-win", "System State",
                DateTimes.dateTime(Instant.parse("2026-11-03T01:00:00Z")), "1");
    }

    @Test
    @WithMockUser(username = "items-operator", authorities = {"ROLE_OPERATOR", "ROLE_READER"})
    void recoverDataOnARowOpensTheWizardForThatServer() {
        open(vault);
        Grid<?> grid = $(Grid.class).id("backup-items");
        Button recover = (Button) test(grid).getCellComponent(2, "action");
        assertThat(recover.isEnabled()).isTrue();
        test(recover).click();
        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPathWithQueryParameters())
                .isEqualTo("recover?server=" + windows.id());
        assertThat(getCurrentView()).isInstanceOf(RecoverDataView.class);
    }

    @Test
    @WithMockUser(username = "items-reader", authorities = "ROLE_READER")
    void aReaderSeesTheItemsWithRecoverDataDisabledAndWhy() {
        open(vault);
        Grid<?> grid = $(Grid.class).id("backup-items");
        Div cell = (Div) test(grid).getCellComponent(0, "action");
        Button recover = (Button) cell.getChildren().filter(Button.class::isInstance).findFirst().orElseThrow();
        assertThat(recover.isEnabled()).isFalse();
        assertThat(recover.getTooltip().getText()).contains("Backup operator");
        assertThat(cell.getElement().getText() + cell.getChildren().map(c -> c.getElement().getText()).toList())
                .contains("Recover Data needs the Backup operator role (or above) at the vault.");
    }

    @Test
    @WithMockUser(username = "items-reader", authorities = "ROLE_READER")
    void aVaultWithoutPointsSaysWhereItemsComeFrom() {
        open(emptyVault);
        assertThat($(Div.class).id("backup-items-empty").getText()).contains("after its first backup");
        assertThat($(Grid.class).withId("backup-items").exists()).isFalse();
    }

    private void open(Vault v) {
        navigate("vaults/" + v.id() + "/backup-items", VaultView.class);
    }
}
