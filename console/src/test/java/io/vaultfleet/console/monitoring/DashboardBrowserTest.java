package io.vaultfleet.console.monitoring;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.DashboardPage;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.ServersPage;

/**
 * The dashboard in headless Chromium follows an agent live: its backup fails and the numbers, the alert count and
 * the charts change by server push without a reload; the failed number opens the alerts behind it.
 */
class DashboardBrowserTest extends MonitoringTestBase {
    private static final Duration LIVE = Duration.ofSeconds(20);
    private static Browser browser;

    @Autowired
    JobService jobs;

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theNumbersChangeLiveWhenAnAgentsBackupFails() {
        var vault = vaults.create("dash");
        browser = Browser.start("http://127.0.0.1:" + port + "/");
        LoginPage.open(browser).signIn("admin", ConsoleTest.ADMIN_PASSWORD);
        try (SimulatedAgent agent = agent(vault.id(), "live").connect("0.1.0")) {
            DashboardPage dashboard = DashboardPage.open(browser, "?vault=" + vault.id());
            dashboard.waitForNumber("online", 1, LIVE);
            assertThat(dashboard.number("failed-24h")).isZero();
            assertThat(dashboard.number("alerts-critical")).isZero();
            browser.waitUntil(d -> dashboard.chartRenders("chart-success-rate") > 0, LIVE);
            int rendersBefore = dashboard.chartRenders("chart-success-rate");
            dashboard.plantReloadMarker();

            runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "SYSTEM_STATE", List.of()));
            String job = agent.awaitBackupNow();
            agent.progress(job, "SNAPSHOT");
            agent.finish(job, "FAILED", "wbadmin failed: the VSS writer 'NTDS' timed out");

            dashboard.waitForNumber("failed-24h", 1, LIVE);
            dashboard.waitForNumber("failed-7d", 1, LIVE);
            dashboard.waitForNumber("alerts-critical", 1, LIVE);
            browser.waitUntil(d -> dashboard.chartRenders("chart-success-rate") > rendersBefore, LIVE);
            assertThat(dashboard.reloadMarkerPresent()).as("updated by server push, not by reloading").isTrue();
            browser.screenshot(Path.of("target", "screenshots", "dashboard-live-failed-backup.png"));

            agent.disconnect();
            dashboard.waitForNumber("online", 0, LIVE);
            dashboard.waitForNumber("offline", 1, LIVE);

            String offlineUrl = dashboard.openTile("offline");
            assertThat(offlineUrl).contains("servers?status=OFFLINE");
            browser.waitUntil(d -> d.findElement(By.id("servers-grid")).getText().contains(agent.name()), LIVE);
            String jobsUrl = DashboardPage.open(browser, "?vault=" + vault.id()).openTile("failed-24h");
            assertThat(jobsUrl).contains("jobs?status=FAILED").contains("range=24h").contains("vault=" + vault.id());
            browser.waitUntil(d -> d.findElement(By.id("jobs-grid")).getText().contains(agent.name()), LIVE);
            String alertsUrl = DashboardPage.open(browser, "?vault=" + vault.id()).openTile("alerts-critical");
            assertThat(alertsUrl).contains("alerts").contains("vault=" + vault.id());
            browser.waitUntil(d -> d.findElement(By.id("alerts-grid")).getText().contains("Backup failed on "
                    + agent.name()), LIVE);

            // the Registered servers list shows the open alert, and clears it live when a backup completes
            ServersPage servers = ServersPage.open(browser);
            servers.waitForAlerts(agent.name(), "1 · Critical", LIVE);
            servers.plantReloadMarker();
            agent.connect("0.1.0");
            runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "SYSTEM_STATE", List.of()));
            agent.finish(agent.awaitBackupNow(), "COMPLETED", "");
            servers.waitForAlerts(agent.name(), "None", LIVE);
            assertThat(servers.reloadMarkerPresent()).isTrue();
        }
    }
}
