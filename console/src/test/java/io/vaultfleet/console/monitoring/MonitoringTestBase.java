package io.vaultfleet.console.monitoring;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.bean.override.convention.TestBean;

import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.OffsetClock;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;

/** One console for all monitoring tests, with a clock the tests move. */
@ConsoleTest
abstract class MonitoringTestBase {
    static final OffsetClock CLOCK = new OffsetClock();

    @TestBean(name = "clock", methodName = "io.vaultfleet.console.monitoring.MonitoringTestBase#offsetClock")
    Clock clock;

    static Clock offsetClock() {
        return CLOCK;
    }

    @LocalServerPort
    int port;

    @Autowired
    SecurityContextHolderStrategy security;

    @Autowired
    TestVaults vaults;

    @Autowired
    FleetService fleet;

    @Autowired
    AlertRules alertRules;

    /** What a job's end raises or clears runs on the alert rules' own thread (decision 035): waits for it. */
    void jobEndsChecked() {
        try {
            alertRules.awaitJobEnds();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    SimulatedAgent agent(UUID vaultId, String prefix) {
        return SimulatedAgent.enroll(fleet, vaultId, prefix, port, CLOCK);
    }
}
