package io.vaultfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.FreePorts;
import io.vaultfleet.testsupport.ManagedProcess;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.ServersPage;
import io.vaultfleet.testsupport.pages.Shell;

/**
 * The packaged console and agent as separate processes, watched in headless Chromium: first start with a generated
 * admin password, an agent coming online and going offline live, a console restart the agent survives.
 * The console runs in development mode for unregistered agents ({@code vaultfleet.agents.allow-unregistered}),
 * because enrollment is not built yet.
 */
class FleetEndToEndTest {
    private static final Duration LIVE = Duration.ofSeconds(20);

    @TempDir
    Path work;

    private ConsoleProcess console;
    private ManagedProcess agent;
    private Browser browser;

    @BeforeEach
    void createFolders() throws Exception {
        Files.createDirectories(work.resolve("console-data"));
        Files.createDirectories(work.resolve("agent-home"));
    }

    @AfterEach
    void stopEverything() {
        if (browser != null) {
            browser.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    void anAgentComesOnlineGoesOfflineAndSurvivesAConsoleRestart() throws Exception {
        int port = FreePorts.next();
        Path data = work.resolve("console-data");
        console = ConsoleProcess.start("console", port, data, "--vaultfleet.agents.allow-unregistered=true");

        // first start: a generated admin password, printed once and kept in an owner-only file
        String password = console.printedAdminPassword();
        Path passwordFile = data.resolve("initial-admin-password.txt");
        assertThat(Files.readString(passwordFile).trim()).isEqualTo(password);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        assertThat(Files.exists(data.resolve("db"))).as("H2 file database under the data folder").isTrue();

        browser = Browser.start(console.baseUrl());
        LoginPage.open(browser).signIn("admin", password);
        ServersPage servers = ServersPage.open(browser);
        assertThat(servers.statusOf("e2e-web-01")).isEmpty();
        servers.plantReloadMarker();

        agent = AgentProcess.run("agent", console.baseUrl(), work.resolve("agent-home"), "e2e-web-01");
        servers.waitForStatus("e2e-web-01", "Online", LIVE);
        assertThat(servers.reloadMarkerPresent()).as("updated by server push, not by a reload").isTrue();

        ManagedProcess status = AgentProcess.runToEnd("agent-status", work, "status", "--home",
                work.resolve("agent-home").toString());
        assertThat(status.waitForExit(Duration.ofSeconds(1))).as(status.output()).isZero();
        assertThat(status.output()).contains("CONNECTED");

        agent.stop(Duration.ofSeconds(15));
        servers.waitForStatus("e2e-web-01", "Offline", LIVE);
        assertThat(servers.reloadMarkerPresent()).isTrue();

        // the agent outlives a console restart: it reconnects on its own with backoff
        agent = AgentProcess.run("agent-again", console.baseUrl(), work.resolve("agent-home"), "e2e-web-01");
        agent.awaitOutput("connected to console", LIVE);
        console.stop();
        agent.awaitOutput("(?s)connected to console.*(disconnected|lost|closed|reconnect).*", LIVE);
        console = ConsoleProcess.start("console-restarted", port, data, "--vaultfleet.agents.allow-unregistered=true");
        awaitConnectedCount(agent, 2, Duration.ofSeconds(60));

        // the H2 file database survived the restart: same admin, same password, the server still known
        assertThat(console.process().output()).doesNotContain("shown once");
        browser.driver().manage().deleteAllCookies();
        Shell shell = LoginPage.open(browser).signIn("admin", password);
        assertThat(shell.heading()).isEqualTo("Dashboard");
        ServersPage.open(browser).waitForStatus("e2e-web-01", "Online", LIVE);
    }

    @Test
    void theAgentCliAnswersVersionHelpAndBadInput() {
        ManagedProcess version = AgentProcess.runToEnd("agent-version", work, "--version");
        assertThat(version.waitForExit(Duration.ofSeconds(1))).isZero();
        assertThat(version.output()).containsPattern("\\d+\\.\\d+\\.\\d+");

        ManagedProcess help = AgentProcess.runToEnd("agent-help", work, "--help");
        assertThat(help.waitForExit(Duration.ofSeconds(1))).isZero();
        assertThat(help.output()).contains("run", "status");

        ManagedProcess notRunning = AgentProcess.runToEnd("agent-status-idle", work, "status", "--home",
                work.resolve("agent-home").toString());
        assertThat(notRunning.waitForExit(Duration.ofSeconds(1))).isEqualTo(4);
        assertThat(notRunning.output()).contains("not running");

        ManagedProcess badUrl = AgentProcess.runToEnd("agent-bad-url", work, "run", "--console", "ftp://nowhere",
                "--home", work.resolve("agent-home").toString());
        assertThat(badUrl.waitForExit(Duration.ofSeconds(1))).isNotZero();
        assertThat(badUrl.output()).contains("http://, https://, ws:// or wss://");
    }

    private static void awaitConnectedCount(ManagedProcess process, int count, Duration timeout) throws InterruptedException {
        Pattern connected = Pattern.compile("connected to console");
        await("the agent reconnects").atMost(timeout).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String output = process.output();
            assertThat(connected.matcher(output).results().count()).as("connections; output:\n" + output)
                    .isGreaterThanOrEqualTo(count);
        });
    }
}
