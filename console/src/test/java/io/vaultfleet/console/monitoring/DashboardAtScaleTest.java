package io.vaultfleet.console.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.jobs.BackupJobEnded;
import io.vaultfleet.console.jobs.JobStatus;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.DashboardPage;
import io.vaultfleet.testsupport.pages.LoginPage;

/**
 * A fleet of 1,000 simulated servers in three vaults with two weeks of backup history, seeded straight into the
 * database (a console of its own, so nothing else is counted): the dashboard adds them up correctly and draws its
 * charts, and its screenshot is the one in {@code docs/dashboard-1000-servers.png}.
 */
@TestPropertySource(properties = {"vaultfleet.monitoring.evaluate-interval=1h",
        // no agent process heartbeats for the simulated servers: keep the ones seeded online from being swept offline
        "vaultfleet.agents.missed-heartbeats=100000"})
class DashboardAtScaleTest extends MonitoringTestBase {
    private static final int SERVERS = 1_000;
    private static final int DAYS = 14;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AlertRules rules;

    @Test
    void aThousandServersAddUpOnTheDashboard() {
        Instant now = CLOCK.instant();
        Random random = new Random(7);
        List<Vault> vaultList = List.of(vaults.create("contoso-dc"), vaults.create("contoso-files"),
                vaults.create("fabrikam"));
        List<Object[]> servers = new ArrayList<>();
        List<Object[]> items = new ArrayList<>();
        List<Object[]> jobs = new ArrayList<>();
        List<Object[]> points = new ArrayList<>();
        List<BackupJobEnded> failuresToday = new ArrayList<>();
        long online = 0;
        long failed24h = 0;
        for (int i = 0; i < SERVERS; i++) {
            Vault vault = vaultList.get(i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2);
            UUID id = UUID.randomUUID();
            String name = String.format("srv-%04d", i);
            boolean isOnline = random.nextDouble() < 0.93;
            online += isOnline ? 1 : 0;
            String version = i % 50 == 0 ? "0.0.0-old" : i % 7 == 0 ? "0.0.9" : "0.1.0";
            Instant since = now.minus(Duration.ofMinutes(isOnline ? random.nextInt(600) : 90 + random.nextInt(3000)));
            servers.add(new Object[] {id, vault.id(), name, name, "Windows Server 2022", "10.0.20348", version,
                    isOnline ? "ONLINE" : "OFFLINE", ts(since), ts(isOnline ? now : since), ts(now.minus(Duration.ofDays(30)))});
            UUID item = UUID.randomUUID();
            items.add(new Object[] {item, vault.id(), id, "SYSTEM_STATE", "System State", ts(now.minus(Duration.ofDays(30)))});
            boolean stale = i % 40 == 3; // some servers stopped backing up a while ago
            long size = 8_000_000_000L + random.nextInt(4_000_000) * 1_000L;
            for (int day = DAYS - 1; day >= 0; day--) {
                if (stale && day < 9) {
                    continue;
                }
                Instant start = now.minus(Duration.ofDays(day)).minus(Duration.ofHours(2 + random.nextInt(6)));
                boolean fails = random.nextDouble() < (day < 3 ? 0.05 : 0.025);
                long added = fails ? 0 : 50_000_000L + random.nextInt(400) * 1_000_000L;
                UUID job = UUID.randomUUID();
                Instant end = start.plus(Duration.ofMinutes(10 + random.nextInt(50)));
                jobs.add(new Object[] {job, vault.id(), id, fails ? "FAILED" : "COMPLETED", ts(start), ts(end), added,
                        fails ? "wbadmin failed: the VSS writer timed out" : null});
                if (fails && end.isAfter(now.minus(Duration.ofDays(1)))) {
                    failed24h++;
                    failuresToday.add(new BackupJobEnded(job, vault.id(), id, name, "SYSTEM_STATE", JobStatus.FAILED,
                            io.vaultfleet.protocol.JobStage.SNAPSHOT, "wbadmin failed: the VSS writer timed out", end));
                }
                if (!fails) {
                    points.add(new Object[] {UUID.randomUUID(), vault.id(), item, ts(end), size, id, "rp-" + job,
                            "SYSTEM_STATE", added, size - added, ts(end)});
                }
            }
        }
        jdbc.batchUpdate("""
                insert into registered_server (id, vault_id, name, name_key, os_name, os_version, agent_version, status,
                    status_since, last_seen_at, registered_at, unregistered)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false)""", servers);
        jdbc.batchUpdate("""
                insert into protected_item (id, vault_id, server_id, kind, name, protected_at)
                values (?, ?, ?, ?, ?, ?)""", items);
        jdbc.batchUpdate("""
                insert into backup_job (id, vault_id, server_id, operation, item, trigger_kind, status, started_at,
                    ended_at, stage, bytes_transferred, detail)
                values (?, ?, ?, 'BACKUP', 'SYSTEM_STATE', 'SCHEDULED', ?, ?, ?, 'DONE', ?, ?)""", jobs);
        jdbc.batchUpdate("""
                insert into recovery_point (id, vault_id, protected_item_id, created_at, size_bytes, server_id,
                    recovery_point_id, item, new_bytes, reused_bytes, received_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", points);
        // the rules see what agents would have reported: today's failures, long-offline and outdated agents
        failuresToday.forEach(rules::on);
        rules.evaluate();

        Browser browser = Browser.start("http://127.0.0.1:" + port + "/");
        try {
            browser.driver().manage().window().setSize(new Dimension(1440, 1500));
            LoginPage.open(browser).signIn("admin", ConsoleTest.ADMIN_PASSWORD);
            DashboardPage dashboard = DashboardPage.open(browser, "");
            assertThat(dashboard.number("total")).isEqualTo(SERVERS);
            assertThat(dashboard.number("online")).isEqualTo(online);
            assertThat(dashboard.number("offline")).isEqualTo(SERVERS - online);
            assertThat(dashboard.number("failed-24h")).isEqualTo(failed24h);
            assertThat(dashboard.number("below-minimum")).isEqualTo(SERVERS / 50);
            assertThat(dashboard.number("no-recovery-point")).isEqualTo(SERVERS / 40);
            assertThat(dashboard.number("alerts-critical")).as("one alert per failing server").isPositive()
                    .isLessThanOrEqualTo(failed24h);
            browser.waitUntil(d -> dashboard.chartRenders("chart-volume") > 0
                    && dashboard.chartRenders("chart-success-rate") > 0
                    && dashboard.chartRenders("chart-last-backup-age") > 0, Duration.ofSeconds(20));
            browser.screenshot(Path.of("target", "screenshots", "dashboard-1000-servers.png"));
        } finally {
            browser.close();
        }
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
