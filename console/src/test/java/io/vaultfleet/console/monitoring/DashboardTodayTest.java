package io.vaultfleet.console.monitoring;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.ui.Chart;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.identity.AgentKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.test.context.support.WithMockUser;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's per-day charts include today, in the viewer's time zone (the zones furthest ahead of and behind
 * UTC, where UTC's day differs from the viewer's for half of every day), and a day of small backups is drawn in a
 * unit that does not round it to nothing.
 */
@ConsoleTest
class DashboardTodayTest extends SpringBrowserlessTest {
    @Autowired DashboardService dashboards;
    @Autowired TestVaults vaults;
    @Autowired FleetService fleet;
    @Autowired JdbcClient jdbc;
    @Autowired SecurityContextHolderStrategy security;

    @Test
    void aBackupThatEndedJustNowIsCountedOnTodayInEveryZone() {
        Vault vault = vaults.create("today");
        backup(vault, Instant.now(), "COMPLETED", 5L << 20);
        backup(vault, Instant.now(), "FAILED", 0);
        for (String id : List.of("Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC", "Asia/Kathmandu")) {
            ZoneId zone = ZoneId.of(id);
            FleetDashboard d = runAs(security, Role.READER, () -> dashboards.dashboard(vault.id(), zone));
            assertThat(d.days()).as(id).hasSize(DashboardService.CHART_DAYS);
            FleetDashboard.DayTotals today = d.days().getLast();
            assertThat(today.day()).as(id).isEqualTo(LocalDate.now(zone));
            assertThat(today.succeeded()).as(id).isEqualTo(1);
            assertThat(today.failed()).as(id).isEqualTo(1);
            assertThat(today.bytes()).as(id).isEqualTo(5L << 20);
        }
    }

    @Test
    void aBackupIsCountedOnTheDayItEndedInTheViewersZone() {
        Vault vault = vaults.create("zone-day");
        ZoneId sydney = ZoneId.of("Australia/Sydney");
        // 09:00 in Sydney three days ago is still the day before in UTC
        Instant morning = LocalDate.now(sydney).minusDays(3).atTime(9, 0).atZone(sydney).toInstant();
        backup(vault, morning, "COMPLETED", 1_000);
        FleetDashboard there = runAs(security, Role.READER, () -> dashboards.dashboard(vault.id(), sydney));
        assertThat(there.days()).filteredOn(day -> day.succeeded() > 0).singleElement()
                .satisfies(day -> assertThat(day.day()).isEqualTo(LocalDate.now(sydney).minusDays(3)));
        FleetDashboard utc = runAs(security, Role.READER, () -> dashboards.dashboard(vault.id(), ZoneOffset.UTC));
        assertThat(utc.days()).filteredOn(day -> day.succeeded() > 0).singleElement()
                .satisfies(day -> assertThat(day.day()).isEqualTo(LocalDate.ofInstant(morning, ZoneOffset.UTC)));
    }

    @Test
    @WithMockUser(username = "dashboard-reader", authorities = "ROLE_READER")
    @SuppressWarnings("unchecked")
    void todaysSmallBackupsShowOnTheVolumeChartInMiB() {
        Vault vault = vaults.create("volume");
        backup(vault, Instant.now(), "COMPLETED", 27L << 20);
        UI.getCurrent().navigate("", QueryParameters.simple(Map.of("vault", vault.id().toString())));
        assertThat(getCurrentView()).isInstanceOf(DashboardView.class);
        Chart volume = $(Chart.class).id("chart-volume");
        Map<String, Object> config = JsonMapper.builder().build().readValue(volume.getElement().getProperty("config"), Map.class);
        Map<String, Object> data = (Map<String, Object>) config.get("data");
        Map<String, Object> dataset = ((List<Map<String, Object>>) data.get("datasets")).getFirst();
        assertThat(dataset.get("label")).isEqualTo("MiB stored");
        List<Number> values = (List<Number>) dataset.get("data");
        assertThat(values).hasSize(DashboardService.CHART_DAYS);
        assertThat(values.getLast().doubleValue()).as("today, the last bar").isEqualTo(27.0);
    }

    @Test
    void theVolumeUnitFollowsTheLargestDay() {
        assertThat(VolumeUnit.fitting(0)).isEqualTo(VolumeUnit.BYTES);
        assertThat(VolumeUnit.fitting(1023)).isEqualTo(VolumeUnit.BYTES);
        assertThat(VolumeUnit.fitting(1024)).isEqualTo(VolumeUnit.KIB);
        assertThat(VolumeUnit.fitting(27L << 20)).isEqualTo(VolumeUnit.MIB);
        assertThat(VolumeUnit.fitting(3L << 30)).isEqualTo(VolumeUnit.GIB);
        assertThat(VolumeUnit.fitting(Long.MAX_VALUE)).isEqualTo(VolumeUnit.TIB);
        assertThat(VolumeUnit.MIB.of(1_572_864)).isEqualTo(1.5);
        assertThat(VolumeUnit.GIB.of(0)).isZero();
    }

    private void backup(Vault vault, Instant endedAt, String status, long bytes) {
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.id(), "today-" + UUID.randomUUID().toString()
                .substring(0, 8), "Linux", "6.1", "0.1.0", AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        OffsetDateTime ended = endedAt.atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                insert into backup_job (id, vault_id, operation, status, started_at, ended_at, server_id, item,
                    trigger_kind, requested_by, paths, stage, last_report_at, bytes_transferred)
                values (:id, :v, 'BACKUP', :st, :start, :end, :s, 'FILES_AND_FOLDERS', 'ON_DEMAND', 'admin', '/srv',
                    'DONE', :end, :b)""")
                .param("id", UUID.randomUUID()).param("v", vault.id()).param("s", enrolled.server().id())
                .param("st", status).param("start", ended.minusMinutes(5)).param("end", ended).param("b", bytes)
                .update();
    }
}
