package io.vaultfleet.console.monitoring;

import static io.vaultfleet.console.TestSecurity.runAs;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.AlertsPage;
import io.vaultfleet.testsupport.pages.LoginPage;

/** The Alerts view in the browser: a failing backup appears live, is acknowledged, and leaves the open list resolved. */
class AlertsBrowserTest extends MonitoringTestBase {
    private static final Duration LIVE = Duration.ofSeconds(20);

    @Autowired
    JobService jobs;

    @Test
    void anAlertIsAcknowledgedInTheViewAndResolvesItselfLive() {
        var vault = vaults.create("ackview");
        SimulatedAgent agent = agent(vault.id(), "viewed");
        try (Browser browser = Browser.start("http://127.0.0.1:" + port + "/")) {
            LoginPage.open(browser).signIn("admin", ConsoleTest.ADMIN_PASSWORD);
            AlertsPage alerts = AlertsPage.open(browser, "?vault=" + vault.id());
            agent.connect("0.1.0"); // now: a silent agent is dropped after three missed heartbeats (3 s here)
            runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "SYSTEM_STATE", List.of()));
            agent.finish(agent.awaitBackupNow(), "FAILED", "the VSS writer failed");
            alerts.waitForText("Backup failed on " + agent.name(), LIVE);
            alerts.waitForRowCount(1, LIVE);

            alerts.acknowledgeFirst();
            alerts.waitForText("Acknowledged by admin", LIVE);
            agent.connect("0.1.0"); // the agent stayed silent while the browser worked

            runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "SYSTEM_STATE", List.of()));
            agent.finish(agent.awaitBackupNow(), "COMPLETED", "");
            alerts.waitForRowCount(0, LIVE);
            alerts.show("All");
            alerts.waitForRowCount(1, LIVE);
            alerts.waitForText("Resolved by system", LIVE);
        } finally {
            agent.close();
        }
    }
}
