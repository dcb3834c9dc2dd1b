package io.vaultfleet.console.monitoring;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.bean.override.convention.TestBean;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.OffsetClock;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;

/**
 * One console for all monitoring tests: a clock the tests move, and a schedule they set (standing in for the policy
 * feature's schedules, which implement {@link ScheduledBackups} once merged).
 */
@ConsoleTest
@Import(MonitoringTestBase.Schedules.class)
abstract class MonitoringTestBase {
    static final OffsetClock CLOCK = new OffsetClock();
    static final Map<UUID, Instant> DUE = new ConcurrentHashMap<>();

    @TestBean(name = "clock", methodName = "io.vaultfleet.console.monitoring.MonitoringTestBase#offsetClock")
    Clock clock;

    static Clock offsetClock() {
        return CLOCK;
    }

    @TestConfiguration
    static class Schedules {
        @Bean
        ScheduledBackups testSchedules() {
            return (serverId, now) -> Optional.ofNullable(DUE.get(serverId)).filter(due -> !due.isAfter(now));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    SecurityContextHolderStrategy security;

    @Autowired
    TestVaults vaults;

    @Autowired
    FleetService fleet;

    SimulatedAgent agent(UUID vaultId, String prefix) {
        return SimulatedAgent.enroll(fleet, vaultId, prefix, port, CLOCK);
    }
}
