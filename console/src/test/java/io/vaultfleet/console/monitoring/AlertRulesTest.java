package io.vaultfleet.console.monitoring;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.policy.PolicyDraft;
import io.vaultfleet.console.policy.PolicyService;
import io.vaultfleet.console.policy.RetentionRules;
import io.vaultfleet.protocol.policy.BackupSchedule;
import io.vaultfleet.console.fleet.ServerStatus;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.vault.VaultService;

/**
 * Every alert rule driven by what agents really send (Back Up Now, progress, results, connections over the agent
 * WebSocket) and by a clock the test moves: raised once per cause, counted when seen again, resolved when the cause
 * clears.
 */
class AlertRulesTest extends MonitoringTestBase {
    @Autowired
    AlertService alerts;

    @Autowired
    AlertRules rules;

    @Autowired
    JobService jobs;

    @Autowired
    VaultService vaultService;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PolicyService policies;

    @AfterEach
    void resetClock() {
        CLOCK.reset();
    }

    private List<Alert> alertsOf(UUID serverId, AlertRule rule) {
        jobEndsChecked();
        return runAs(security, Role.READER, () -> alerts.list(AlertQuery.all().forServer(serverId).withRule(rule), 0, 50));
    }

    private String backUpNow(SimulatedAgent agent) {
        runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "SYSTEM_STATE", List.of()));
        return agent.awaitBackupNow();
    }

    @Test
    void aFailedBackupRaisesOneAlertSeenAgainAndACompletedBackupResolvesIt() {
        var vault = vaults.create("alerts");
        try (SimulatedAgent agent = agent(vault.id(), "fails").connect("0.1.0")) {
            String first = backUpNow(agent);
            agent.progress(first, "PRECHECK");
            agent.progress(first, "SNAPSHOT");
            agent.finish(first, "FAILED", "wbadmin failed: the VSS writer 'NTDS' timed out");
            String second = backUpNow(agent);
            agent.progress(second, "SNAPSHOT");
            agent.finish(second, "FAILED", "wbadmin failed again");

            List<Alert> failed = alertsOf(agent.id(), AlertRule.BACKUP_FAILED);
            assertThat(failed).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(AlertState.ACTIVE);
                assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
                assertThat(a.occurrences()).isEqualTo(2);
                assertThat(a.detail()).isEqualTo("wbadmin failed again");
                assertThat(a.title()).isEqualTo("Backup failed on " + agent.name());
                assertThat(a.vaultName()).isEqualTo(vault.name());
            });
            assertThat(alertsOf(agent.id(), AlertRule.PRECHECK_FAILED)).isEmpty();
            var listed = runAs(security, Role.READER, () -> fleet.list(new io.vaultfleet.console.fleet.ServerQuery(
                    agent.name(), null, null, false), 0, 10)).getFirst();
            assertThat(listed.alertsLabel()).as("the servers list's Alerts column").isEqualTo("1 · Critical");

            String third = backUpNow(agent);
            agent.progress(third, "UPLOAD");
            agent.finish(third, "COMPLETED", "");
            assertThat(alertsOf(agent.id(), AlertRule.BACKUP_FAILED)).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
                assertThat(a.resolvedBy()).isEqualTo("system");
                assertThat(a.resolvedAt()).isNotNull();
                assertThat(a.detail()).startsWith("backup completed at ");
            });
            assertThat(runAs(security, Role.READER, () -> fleet.find(agent.id())).orElseThrow().alertsLabel())
                    .isEqualTo("None");

            String fourth = backUpNow(agent);
            agent.finish(fourth, "FAILED", "a new failure");
            assertThat(alertsOf(agent.id(), AlertRule.BACKUP_FAILED)).hasSize(2)
                    .filteredOn(Alert::open).singleElement().extracting(Alert::occurrences).isEqualTo(1);
        }
    }

    @Test
    void aJobFailingAtThePrecheckStageIsAPrecheckAlertResolvedWhenPrechecksPass() {
        var vault = vaults.create("precheck");
        try (SimulatedAgent agent = agent(vault.id(), "reboot").connect("0.1.0")) {
            String job = backUpNow(agent);
            agent.progress(job, "PRECHECK");
            agent.finish(job, "FAILED", "System State backup not started: Pending reboot: Component Based Servicing "
                    + "RebootPending is set; sfc /verifyonly: found integrity violations");
            assertThat(alertsOf(agent.id(), AlertRule.PRECHECK_FAILED)).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(AlertState.ACTIVE);
                assertThat(a.detail()).contains("Pending reboot").contains("integrity violations");
            });
            assertThat(alertsOf(agent.id(), AlertRule.BACKUP_FAILED)).isEmpty();

            String next = backUpNow(agent);
            agent.progress(next, "PRECHECK");
            agent.progress(next, "SNAPSHOT");
            agent.finish(next, "COMPLETED", "");
            assertThat(alertsOf(agent.id(), AlertRule.PRECHECK_FAILED)).singleElement()
                    .extracting(Alert::state).isEqualTo(AlertState.RESOLVED);
        }
    }

    @Test
    void aFailureWritingToStorageIsAStorageErrorAlert() {
        var vault = vaults.create("storage");
        try (SimulatedAgent agent = agent(vault.id(), "blob").connect("0.1.0")) {
            String job = backUpNow(agent);
            agent.progress(job, "UPLOAD");
            agent.finish(job, "FAILED", "upload of pack 3f2a… to blob storage failed: 403 AuthorizationFailure");
            assertThat(alertsOf(agent.id(), AlertRule.STORAGE_ERROR)).singleElement().satisfies(a -> {
                assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
                assertThat(a.detail()).contains("403 AuthorizationFailure");
            });
            assertThat(alertsOf(agent.id(), AlertRule.BACKUP_FAILED)).isEmpty();
        }
    }

    @Test
    void anAgentOfflineLongerThanTheThresholdIsAlertedOnceAndResolvedWhenItReconnects() {
        var vault = vaults.create("offline");
        SimulatedAgent agent = agent(vault.id(), "gone").connect("0.1.0");
        agent.disconnect();
        await().atMost(Duration.ofSeconds(10)).until(() -> runAs(security, Role.READER,
                () -> fleet.find(agent.id()).orElseThrow().status()) == ServerStatus.OFFLINE);

        rules.evaluate();
        assertThat(alertsOf(agent.id(), AlertRule.AGENT_OFFLINE)).as("not yet past the threshold").isEmpty();

        CLOCK.advance(Duration.ofMinutes(61));
        rules.evaluate();
        rules.evaluate();
        assertThat(alertsOf(agent.id(), AlertRule.AGENT_OFFLINE)).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.ACTIVE);
            assertThat(a.severity()).isEqualTo(AlertSeverity.WARNING);
            assertThat(a.detail()).startsWith("offline since ");
        });

        try (SimulatedAgent back = agent.connect("0.1.0")) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(alertsOf(agent.id(), AlertRule.AGENT_OFFLINE))
                    .singleElement().satisfies(a -> {
                        assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
                        assertThat(a.detail()).startsWith("agent reconnected at ");
                    }));
        }
    }

    @Test
    void anAgentBelowTheMinimumVersionIsAlertedUntilItIsUpgraded() {
        var vault = vaults.create("version");
        SimulatedAgent agent = agent(vault.id(), "old");
        agent.connect("0.0.0-old");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                alertsOf(agent.id(), AlertRule.AGENT_VERSION_UNSUPPORTED)).singleElement()
                .satisfies(a -> assertThat(a.detail()).startsWith("agent 0.0.0-old is older than the minimum")));
        rules.evaluate();
        assertThat(alertsOf(agent.id(), AlertRule.AGENT_VERSION_UNSUPPORTED)).hasSize(1);
        agent.disconnect();

        try (SimulatedAgent upgraded = agent.connect("0.1.0")) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    alertsOf(agent.id(), AlertRule.AGENT_VERSION_UNSUPPORTED)).singleElement()
                    .extracting(Alert::state).isEqualTo(AlertState.RESOLVED));
        }
    }

    @Test
    void aVaultWithSoftDeleteDisabledIsAlertedUntilItIsEnabledAgain() {
        var vault = vaults.create("softdel");
        // two owners are needed to turn soft delete off in the console; the state they reach is set directly here
        jdbc.sql("update vault set soft_delete_enabled = false where id = :id").param("id", vault.id()).update();
        rules.evaluate();
        rules.evaluate();
        List<Alert> open = runAs(security, Role.READER, () -> alerts.list(AlertQuery.all().inVault(vault.id())
                .withRule(AlertRule.SOFT_DELETE_DISABLED), 0, 10));
        assertThat(open).singleElement().satisfies(a -> {
            assertThat(a.serverId()).isNull();
            assertThat(a.title()).isEqualTo("Soft delete is disabled for vault " + vault.name());
        });

        runAs(security, Role.OWNER, () -> vaultService.enableSoftDelete(vault.id()));
        rules.evaluate();
        assertThat(runAs(security, Role.READER, () -> alerts.list(AlertQuery.all().inVault(vault.id())
                .withRule(AlertRule.SOFT_DELETE_DISABLED), 0, 10))).singleElement()
                .extracting(Alert::state).isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void aScheduledBackupThatDidNotStartIsMissedUntilABackupRuns() {
        var vault = vaults.create("missed");
        try (SimulatedAgent agent = agent(vault.id(), "sched").connect("0.1.0")) {
            // a real policy: daily at the first half hour at least 5 minutes from now (UTC)
            ZonedDateTime now = CLOCK.instant().atZone(ZoneOffset.UTC);
            ZonedDateTime at = now.plusMinutes(5).withSecond(0).withNano(0);
            at = at.getMinute() == 0 || at.getMinute() == 30 ? at
                    : at.getMinute() < 30 ? at.withMinute(30) : at.plusHours(1).withMinute(0);
            String time = String.format("%02d:%02d", at.getHour(), at.getMinute());
            var policy = runAs(security, Role.OWNER, () -> policies.create(vault.id(), new PolicyDraft("Nightly",
                    List.of("SYSTEM_STATE"), List.of(), List.of(), BackupSchedule.daily("UTC", time),
                    RetentionRules.daily(7), null)));
            runAs(security, Role.OWNER, () -> {
                policies.assign(policy.id(), List.of(agent.id()));
                return null;
            });
            rules.evaluate();
            assertThat(alertsOf(agent.id(), AlertRule.BACKUP_MISSED)).as("not due yet").isEmpty();

            CLOCK.advance(Duration.between(now, at).plusMinutes(61));
            agent.connect("0.1.0"); // the moved clock made the console drop the silent connection
            rules.evaluate();
            rules.evaluate();
            assertThat(alertsOf(agent.id(), AlertRule.BACKUP_MISSED)).singleElement().satisfies(a ->
                    assertThat(a.detail()).startsWith("the backup due at ").endsWith("did not start within 60 min"));

            String job = backUpNow(agent);
            agent.finish(job, "COMPLETED", "");
            rules.evaluate();
            assertThat(alertsOf(agent.id(), AlertRule.BACKUP_MISSED)).singleElement()
                    .extracting(Alert::state).isEqualTo(AlertState.RESOLVED);
        }
    }

    @Test
    void operatorsAcknowledgeAlertsWithWhoAndWhenAndReadersCannot() {
        var vault = vaults.create("ack");
        try (SimulatedAgent agent = agent(vault.id(), "ack").connect("0.1.0")) {
            String job = backUpNow(agent);
            agent.finish(job, "FAILED", "disk read error");
            UUID id = alertsOf(agent.id(), AlertRule.BACKUP_FAILED).getFirst().id();
            assertThatThrownBy(() -> runAs(security, Role.READER, () -> alerts.acknowledge(id)))
                    .isInstanceOf(AccessDeniedException.class);
            Alert acknowledged = runAs(security, "olivia", Role.OPERATOR, () -> alerts.acknowledge(id));
            assertThat(acknowledged.state()).isEqualTo(AlertState.ACKNOWLEDGED);
            assertThat(acknowledged.acknowledgedBy()).isEqualTo("olivia");
            assertThat(acknowledged.acknowledgedAt()).isNotNull();
            assertThatThrownBy(() -> runAs(security, Role.OPERATOR, () -> alerts.acknowledge(id)))
                    .hasMessage("Only an active alert can be acknowledged; this one is acknowledged.");

            String again = backUpNow(agent);
            agent.finish(again, "FAILED", "disk read error");
            assertThat(alertsOf(agent.id(), AlertRule.BACKUP_FAILED)).as("an acknowledged alert is not raised again")
                    .singleElement().satisfies(a -> {
                        assertThat(a.state()).isEqualTo(AlertState.ACKNOWLEDGED);
                        assertThat(a.occurrences()).isEqualTo(2);
                    });
        }
    }
}
