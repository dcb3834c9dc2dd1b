package io.vaultfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.FreePorts;
import io.vaultfleet.testsupport.ManagedProcess;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.ScheduleBackupPage;
import io.vaultfleet.testsupport.pages.ServerDetailPage;
import io.vaultfleet.testsupport.pages.ServersPage;

/**
 * A schedule made in the browser with the Schedule Backup wizard for two registered servers reaches both agents;
 * when the agents' clocks are moved past the backup time (the test-only offset file, no waiting), each runs the
 * backup on its own, and the console shows two scheduled jobs completed and a recovery point per server.
 */
class ScheduleEndToEndTest {
    private static final Duration LIVE = Duration.ofSeconds(30);
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    @TempDir
    Path work;

    private ConsoleProcess console;
    private ManagedProcess first;
    private ManagedProcess second;
    private Browser browser;

    @AfterEach
    void stopEverything() {
        for (AutoCloseable c : new AutoCloseable[] {browser, first, second, console}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void aScheduleMadeInTheWizardRunsOnBothAgentsWhenTheirClocksReachIt() throws Exception {
        Files.createDirectories(work.resolve("console-data"));
        console = ConsoleProcess.start("console", FreePorts.next(), work.resolve("console-data"));
        browser = Browser.start(console.baseUrl());
        String password = console.printedAdminPassword();
        LoginPage.open(browser).signIn("admin", password);
        Path credentials = Onboarding.vaultCredentials(browser, "Contoso", "rg-sched", "vault-sched");

        Path passphrase = work.resolve("passphrase.txt");
        Files.writeString(passphrase, "a long enough passphrase for e2e");
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("ledger.txt"), "scheduled numbers");
        Path clock = work.resolve("clock-offset");
        Files.writeString(clock, "PT0S");
        first = registerAndRun("e2e-sched-01", credentials, passphrase, clock);
        second = registerAndRun("e2e-sched-02", credentials, passphrase, clock);

        ServersPage servers = ServersPage.open(browser);
        servers.waitForStatus("e2e-sched-01", "Online", LIVE);
        servers.waitForStatus("e2e-sched-02", "Online", LIVE);
        assertThat(servers.nextBackupOf("e2e-sched-01")).hasValue("Not scheduled");

        // a backup time at least an hour away in real time, so only the moved clock can reach it
        Instant backupAt = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));
        servers.open("e2e-sched-01");
        ScheduleBackupPage wizard = ScheduleBackupPage.fromServerPage(browser);
        wizard.policyName("Nightly files").addServer("e2e-sched-02").next();
        assertThat(wizard.currentStep()).isEqualTo("2. Select items");
        // both servers run Linux: System State is not offered, Files and folders is ticked (issue 21)
        wizard.includePaths(data.toString()).next();
        wizard.dailyAt(HH_MM.format(backupAt)).next();
        assertThat(wizard.currentStep()).isEqualTo("4. Retention");
        wizard.dailyRetention(5).next();
        assertThat(wizard.currentStep()).as("MARS's limit keeps the wizard on the step").isEqualTo("4. Retention");
        assertThat(wizard.retentionProblem()).contains("Daily retention must be 7–9,999 days");
        wizard.dailyRetention(30);
        assertThat(wizard.preview()).containsSubsequence("1 week", "7", "1 month");
        wizard.next().next();
        assertThat(wizard.confirmation()).contains("Policy: Nightly files (new)", "Items: Files and folders ("
                + data, "Schedule: Daily at " + HH_MM.format(backupAt) + " (UTC)", "Retention: 30 days",
                "Throttling: none", "Servers: e2e-sched-01, e2e-sched-02");
        assertThat(wizard.finish()).contains("Policy Nightly files saved and sent to 2 server(s)");
        first.awaitOutput("backup policy 'Nightly files' stored; next backup at " + backupAt, LIVE);
        second.awaitOutput("backup policy 'Nightly files' stored; next backup at " + backupAt, LIVE);

        ServersPage list = ServersPage.open(browser);
        String expectedNext = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneId.systemDefault())
                .format(backupAt);
        browser.waitUntil(d -> list.nextBackupOf("e2e-sched-02").filter(t -> t.startsWith(expectedNext)).isPresent(), LIVE);
        list.open("e2e-sched-02");
        browser.waitUntil(d -> ScheduleBackupPage.policyState(browser).filter("In sync"::equals).isPresent(), LIVE);

        // move both agents' schedule clocks just past the backup time
        Files.writeString(clock, Duration.between(Instant.now(), backupAt).plusSeconds(5).toString());
        first.awaitOutput("scheduled backup of \\[FILES_AND_FOLDERS\\] for " + backupAt, LIVE);
        second.awaitOutput("scheduled backup of \\[FILES_AND_FOLDERS\\] for " + backupAt, LIVE);

        browser.open("jobs");
        browser.waitUntil(d -> scheduledJobs("Completed").size() == 2, Duration.ofSeconds(90));
        assertThat(scheduledJobs("Completed")).containsExactlyInAnyOrder("e2e-sched-01", "e2e-sched-02");
        browser.screenshot(Path.of("target", "screenshots", "scheduled-jobs.png"));
        for (String name : List.of("e2e-sched-01", "e2e-sched-02")) {
            ServerDetailPage page = ServersPage.open(browser).open(name);
            browser.waitUntil(d -> page.recoveryPointRows() == 1, LIVE);
        }
        // still one run per agent: the schedule does not fire again for the same time
        assertThat(first.output().split("scheduled backup of", -1)).hasSize(2);

        // the console goes away; the next day's backup still runs on both servers and is reported once it is back
        int port = console.port();
        console.stop();
        Instant nextDay = backupAt.plus(Duration.ofDays(1));
        Files.writeString(clock, Duration.between(Instant.now(), nextDay).plusSeconds(5).toString());
        for (ManagedProcess agent : List.of(first, second)) {
            agent.awaitOutput("scheduled backup of \\[FILES_AND_FOLDERS\\] for " + nextDay, LIVE);
            agent.awaitOutput("job [0-9a-f-]+ COMPLETED(?s).*job [0-9a-f-]+ COMPLETED", Duration.ofSeconds(90));
        }
        console = ConsoleProcess.start("console-back", port, work.resolve("console-data"));
        browser.driver().manage().deleteAllCookies();
        LoginPage.open(browser).signIn("admin", password);
        browser.open("jobs");
        browser.waitUntil(d -> scheduledJobs("Completed").size() == 4, Duration.ofSeconds(90));
        assertThat(scheduledJobs("Completed")).containsExactlyInAnyOrder("e2e-sched-01", "e2e-sched-02",
                "e2e-sched-01", "e2e-sched-02");
    }

    private List<String> scheduledJobs(String status) {
        List<WebElement> badges = browser.driver().findElements(By.cssSelector(".job-status[data-trigger='SCHEDULED']"));
        return badges.stream().filter(b -> b.getText().trim().equals(status)).map(b -> b.getAttribute("data-server"))
                .toList();
    }

    private ManagedProcess registerAndRun(String host, Path credentials, Path passphrase, Path clock) {
        Path home = work.resolve("home-" + host);
        ManagedProcess register = AgentProcess.runToEnd("register-" + host, work, "register", "--vault-credentials",
                credentials.toString(), "--home", home.toString(), "--passphrase-file", passphrase.toString(),
                "--allow-insecure-http", "--host-name", host);
        assertThat(register.waitForExit(Duration.ofSeconds(1))).as(register.output()).isZero();
        return AgentProcess.run("agent-" + host, null, home, null, clock);
    }
}
