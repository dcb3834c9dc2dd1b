package io.vaultfleet.console.monitoring;

import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.identity.VaultReach;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.console.fleet.AgentVersionPolicy;
import io.vaultfleet.console.readmodel.DashboardFacts;

/** The numbers and chart series of the dashboard, for all vaults or one. */
@Service
public class DashboardService {
    static final int CHART_DAYS = 14;
    private static final List<String> SUCCEEDED = List.of("COMPLETED", "COMPLETED_WITH_WARNINGS");

    private final DashboardFacts facts;
    private final AlertRepository alerts;
    private final AgentVersionPolicy versions;
    private final MonitoringProperties properties;
    private final Clock clock;
    private final AccessControl access;

    DashboardService(DashboardFacts facts, AlertRepository alerts, AgentVersionPolicy versions,
                     MonitoringProperties properties, Clock clock, AccessControl access) {
        this.access = access;
        this.facts = facts;
        this.alerts = alerts;
        this.versions = versions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The dashboard of one vault, or (null) of every vault the signed-in user may read: each figure is counted
     * only over vaults in their reach; servers and alerts of no vault count only for console-wide roles.
     */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public FleetDashboard dashboard(UUID vaultId) {
        return dashboard(vaultId, ZoneOffset.UTC);
    }

    /** The dashboard with its per-day series in the days of {@code zone} (the browser's), today included. */
    public FleetDashboard dashboard(UUID vaultId, ZoneId zone) {
        if (vaultId != null) {
            access.requireAtVault(Role.READER, vaultId, "dashboard.read");
        }
        VaultReach reach = access.reach(Role.READER);
        Instant now = clock.instant();
        long[] status = facts.onlineOffline(vaultId, reach);
        Map<String, Long> day = facts.jobsEndedSince(vaultId, reach, now.minus(Duration.ofDays(1)));
        Map<String, Long> week = facts.jobsEndedSince(vaultId, reach, now.minus(Duration.ofDays(7)));
        long below = 0;
        long behind = 0;
        for (var version : facts.agentVersions(vaultId, reach).entrySet()) {
            switch (versions.standingOf(version.getKey())) {
                case UPGRADE_REQUIRED -> below += version.getValue();
                case UPDATE_AVAILABLE -> behind += version.getValue();
                default -> { }
            }
        }
        Duration maxAge = properties.recoveryPointMaxAge();
        Map<AlertSeverity, Long> open = new EnumMap<>(AlertSeverity.class);
        if (vaultId == null) {
            open.putAll(alerts.openBySeverity(reach));
        } else {
            for (AlertSeverity s : AlertSeverity.values()) {
                open.put(s, 0L);
            }
            alerts.openByRule(vaultId, reach).forEach((rule, n) -> open.merge(rule.severity(), n, Long::sum));
        }
        return new FleetDashboard(vaultId, status[0], status[1], sum(day, SUCCEEDED), sum(day, List.of("FAILED")),
                facts.missedAlertsRaisedSince(vaultId, reach, now.minus(Duration.ofDays(1))), sum(week, SUCCEEDED),
                sum(week, List.of("FAILED")), facts.missedAlertsRaisedSince(vaultId, reach, now.minus(Duration.ofDays(7))),
                facts.serversWithoutRecoveryPointSince(vaultId, reach, now.minus(maxAge)), (int) maxAge.toDays(), below, behind,
                facts.credentialsExpiringBetween(vaultId, reach, now, now.plus(properties.credentialsExpiringWithin())), open,
                facts.storagePerVault(vaultId, reach, now.minus(Duration.ofDays(7))), days(vaultId, reach, now, zone),
                ages(facts.lastRecoveryPoints(vaultId, reach), now));
    }

    /** Geo-redundant vaults (all in reach, or one) whose secondary copy is behind. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public long replicationLagging(UUID vaultId) {
        if (vaultId != null) {
            access.requireAtVault(Role.READER, vaultId, "dashboard.read");
        }
        return facts.replicationLagging(vaultId, access.reach(Role.READER));
    }

    private static long sum(Map<String, Long> counts, List<String> statuses) {
        return statuses.stream().mapToLong(s -> counts.getOrDefault(s, 0L)).sum();
    }

    /**
     * The last {@link #CHART_DAYS} days in {@code zone}, today (so far) last. Days of the viewer's zone, not UTC's: a
     * backup that ended this morning in Sydney belongs to today there although UTC still calls it yesterday.
     */
    private List<FleetDashboard.DayTotals> days(UUID vaultId, VaultReach reach, Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate first = today.minusDays(CHART_DAYS - 1);
        Map<LocalDate, long[]> totals = new LinkedHashMap<>();
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            totals.put(d, new long[3]);
        }
        for (DashboardFacts.QuarterHour q : facts.jobsPerQuarterHour(vaultId, reach,
                first.atStartOfDay(zone).toInstant())) {
            long[] t = totals.get(LocalDate.ofInstant(q.start(), zone));
            if (t == null) {
                continue;
            }
            if (SUCCEEDED.contains(q.status())) {
                t[0] += q.jobs();
            } else if ("FAILED".equals(q.status())) {
                t[1] += q.jobs();
            }
            t[2] += q.bytes();
        }
        List<FleetDashboard.DayTotals> days = new ArrayList<>();
        totals.forEach((d, t) -> days.add(new FleetDashboard.DayTotals(d, t[0], t[1], t[2])));
        return days;
    }

    static Map<String, Long> ages(List<Instant> lastPoints, Instant now) {
        Map<String, Long> buckets = new LinkedHashMap<>();
        for (String label : List.of("< 1 day", "1–2 days", "2–7 days", "7–30 days", "> 30 days", "never")) {
            buckets.put(label, 0L);
        }
        for (Instant last : lastPoints) {
            String label;
            if (last == null) {
                label = "never";
            } else {
                Duration age = Duration.between(last, now);
                label = age.compareTo(Duration.ofDays(1)) < 0 ? "< 1 day"
                        : age.compareTo(Duration.ofDays(2)) < 0 ? "1–2 days"
                        : age.compareTo(Duration.ofDays(7)) < 0 ? "2–7 days"
                        : age.compareTo(Duration.ofDays(30)) < 0 ? "7–30 days" : "> 30 days";
            }
            buckets.merge(label, 1L, Long::sum);
        }
        return buckets;
    }
}
