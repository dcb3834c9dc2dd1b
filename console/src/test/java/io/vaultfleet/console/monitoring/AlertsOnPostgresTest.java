package io.vaultfleet.console.monitoring;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.vaultfleet.console.identity.Role;

/**
 * Every alert rule test again on a real PostgreSQL server (the {@code postgres} profile, the same migrations), plus
 * the dashboard's and the metrics' aggregate queries: monitoring's SQL is plain enough for both databases.
 */
@ActiveProfiles({"test", "postgres"})
class AlertsOnPostgresTest extends AlertRulesTest {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        io.vaultfleet.console.TestPostgres.use(registry);
    }

    @Autowired
    DashboardService dashboards;

    @Autowired
    MetricsFacts metrics;

    @Autowired
    NotificationService notifications;

    @Autowired
    NotificationDispatcher dispatcher;

    @Test
    void theDashboardMetricsAndNotificationQueriesRunOnPostgresql() {
        var vault = vaults.create("pg-dash");
        runAs(security, Role.CONTRIBUTOR, () -> notifications.saveForVault(vault.id(), "ops@contoso.test", true,
                null, null));
        aFailedBackupRaisesOneAlertSeenAgainAndACompletedBackupResolvesIt();
        FleetDashboard all = runAs(security, Role.READER, () -> dashboards.dashboard(null));
        assertThat(all.failed24h()).isGreaterThanOrEqualTo(3);
        assertThat(all.succeeded24h()).isGreaterThanOrEqualTo(1);
        assertThat(all.days()).hasSize(DashboardService.CHART_DAYS);
        assertThat(all.days().getLast().failed()).isGreaterThanOrEqualTo(3);
        FleetDashboard one = runAs(security, Role.READER, () -> dashboards.dashboard(vault.id()));
        assertThat(one.online() + one.offline()).isZero();
        assertThat(metrics.snapshot().jobsByStatus()).isNotEmpty();
        assertThat(dispatcher.sendDigests()).isZero();
        dispatcher.deliverDue();
    }
}
