package io.vaultfleet.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.LoginPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Screenshots of the pages issue 21 asked to see, at 1366×768 in headless Chromium: each Schedule Backup wizard
 * step, a server page, Registered servers, a failed job and Create vault (with a new resource group). Written to
 * {@code target/screenshots/}; with {@code -Dvaultfleet.screenshots=docs} to {@code docs/screenshots/} (so normal
 * runs do not change the tree). On each page no field label, helper text or side menu entry is cut short.
 */
@ConsoleTest
class ScreenshotsBrowserTest {
    private static Browser browser;

    @LocalServerPort int port;
    @Autowired TestVaults testVaults;
    @Autowired FleetService fleet;
    @Autowired JdbcClient jdbc;

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theWizardStepsServerPageServersListAndAFailedJobAt1366x768() throws Exception {
        Vault vault = testVaults.create("shots");
        RegisteredServer windows = enroll(vault, "fs01", "Windows Server 2022", "10.0.20348");
        enroll(vault, "web01", "Linux", "6.1.0");
        UUID failed = failedJob(vault, windows);
        Path folder = "docs".equals(System.getProperty("vaultfleet.screenshots"))
                ? Path.of("..", "docs", "screenshots") : Path.of("target", "screenshots");
        Files.createDirectories(folder);

        browser = Browser.start("http://127.0.0.1:" + port + "/");
        browser.driver().manage().window().setSize(new Dimension(1366, 768));
        LoginPage.open(browser).signIn("admin", ConsoleTest.ADMIN_PASSWORD);

        shoot("servers", "#servers-grid", folder.resolve("registered-servers-1366x768.png"));
        shoot("servers/" + windows.id(), "#server-properties", folder.resolve("server-page.png"));
        shoot("jobs/" + failed, "#job-properties", folder.resolve("job-failed.png"));
        assertThat(browser.driver().findElements(By.cssSelector("#job-stages .job-stage.failed"))).as("where it stopped")
                .singleElement().satisfies(e -> assertThat(e.getText()).isEqualTo("Upload (failed)"));

        browser.open("vaults/create");
        browser.waitUntil(d -> !d.findElements(By.id("vault-new-resource-group-button")).isEmpty());
        browser.click(browser.driver().findElement(By.id("vault-new-resource-group-button")));
        browser.waitForVaadin();
        assertThat(browser.driver().findElements(By.cssSelector("label[slot=\"label\"]"))).as("labels to check")
                .hasSizeGreaterThanOrEqualTo(5);
        assertThat(cutLabels()).as("cut labels on Create vault").isEmpty();
        assertThat(browser.screenshot(folder.resolve("create-vault.png"))).isNotEmptyFile();

        browser.open("schedule-backup?vault=" + vault.id() + "&servers=" + windows.id());
        browser.waitUntil(d -> !d.findElements(By.id("wizard-steps")).isEmpty());
        List<String> steps = List.of("getting-started", "select-items", "backup-schedule", "retention", "throttling",
                "confirmation");
        for (int i = 0; i < steps.size(); i++) {
            if (i == 0) {
                var name = browser.driver().findElement(By.cssSelector("#policy-name input"));
                name.sendKeys("Nightly system state");
                browser.waitForVaadin();
            }
            String expected = (i + 1) + ". ";
            browser.waitUntil(d -> d.findElement(By.cssSelector("#wizard-steps .wizard-step-current")).getText()
                    .startsWith(expected));
            assertThat(cutLabels()).as("cut labels on step " + expected).isEmpty();
            Path file = browser.screenshot(folder.resolve("schedule-backup-" + (i + 1) + "-" + steps.get(i) + ".png"));
            assertThat(file).isNotEmptyFile();
            if (i < steps.size() - 1) {
                browser.click(browser.driver().findElement(By.id("wizard-next")));
                browser.waitForVaadin();
            }
        }
    }

    private void shoot(String path, String readySelector, Path file) {
        browser.open(path);
        browser.waitUntil(d -> !d.findElements(By.cssSelector(readySelector)).isEmpty());
        browser.waitForVaadin();
        assertThat(cutLabels()).as("cut labels on " + path).isEmpty();
        assertThat(browser.screenshot(file)).isNotEmptyFile();
    }

    /** Visible field labels, helper texts and side menu entries whose text is wider than their box (cut with "…"). */
    @SuppressWarnings("unchecked")
    private List<String> cutLabels() {
        return (List<String>) browser.script("""
                const cut = [];
                const check = (box, text) => {
                  if (box && box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1) cut.push(text);
                };
                document.querySelectorAll('label[slot="label"], [slot="helper"]')
                  .forEach(l => check(l, l.textContent.trim()));
                document.querySelectorAll('vaadin-side-nav-item').forEach(item => {
                  const content = item.shadowRoot && item.shadowRoot.querySelector('[part~="content"]');
                  check(content, item.textContent.trim());
                });
                return cut;""");
    }

    private RegisteredServer enroll(Vault vault, String name, String os, String version) {
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.id(), name + "-"
                + UUID.randomUUID().toString().substring(0, 4), os, version, "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        return enrolled.server();
    }

    /** A backup that failed a third of the way, as the agent would have reported it. */
    private UUID failedJob(Vault vault, RegisteredServer server) {
        UUID id = UUID.randomUUID();
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(12);
        jdbc.sql("""
                insert into backup_job (id, vault_id, operation, status, started_at, ended_at, server_id, item,
                    trigger_kind, requested_by, paths, stage, last_report_at, files_done, bytes_done, bytes_total,
                    detail)
                values (:id, :v, 'BACKUP', 'FAILED', :start, :end, :s, 'SYSTEM_STATE', 'ON_DEMAND', 'admin', '',
                    'UPLOAD', :end, 1200, 350000000, 1050000000,
                    'The storage location stopped answering; the next backup continues where this one stopped')""")
                .param("id", id).param("v", vault.id()).param("s", server.id()).param("start", start)
                .param("end", start.plusMinutes(9)).update();
        return id;
    }
}
