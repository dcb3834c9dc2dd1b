package io.vaultfleet.console.recover;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.bean.override.convention.TestBean;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.OffsetClock;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.protocol.RecoveryClose;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RecoveryOpened;

/** A Recover Data session unused for 30 minutes is closed on both sides; one used within that time stays open. */
@ConsoleTest
class RecoverySessionExpiryTest {
    private static final OffsetClock CLOCK = new OffsetClock();

    @TestBean(name = "clock", methodName = "offsetClock")
    Clock clock;

    static Clock offsetClock() {
        return CLOCK;
    }

    @LocalServerPort
    int port;

    @Autowired
    RecoverDataService recover;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    SecurityContextHolderStrategy security;

    private final List<SimulatedAgent> agents = new ArrayList<>();

    @AfterEach
    void tearDown() {
        agents.forEach(SimulatedAgent::close);
        CLOCK.reset();
    }

    @Test
    void anIdleSessionIsClosedAfterThirtyMinutes() {
        SimulatedAgent target = SimulatedAgent.enroll(fleet, vaults.create("expiry").id(), "exp", port, CLOCK);
        agents.add(target);
        target.connect();
        RecoverySession session = runAs(security, "expiry-operator", Role.OPERATOR, () -> recover.begin(target.id(), target.id()));
        CompletableFuture<RecoveryOpened> opened = CompletableFuture.supplyAsync(() -> runAs(security, "expiry-operator",
                Role.OPERATOR, () -> recover.open(session.id(), null)));
        RecoveryOpen open = target.next(RecoveryOpen.class);
        target.send(new RecoveryOpened(open.sessionId(), RecoveryOpenResult.OPENED, ""));
        assertThat(opened.join().result()).isEqualTo(RecoveryOpenResult.OPENED);

        CLOCK.advance(Duration.ofMinutes(29));
        recover.closeIdle();
        assertThat(runAs(security, "expiry-operator", Role.OPERATOR, () -> recover.session(session.id()))).isPresent();
        // used now: the 30 minutes start again
        runAs(security, "expiry-operator", Role.OPERATOR, () -> recover.recoveryPoints(session.id()));
        CLOCK.advance(Duration.ofMinutes(29));
        recover.closeIdle();
        assertThat(runAs(security, "expiry-operator", Role.OPERATOR, () -> recover.session(session.id()))).isPresent();

        CLOCK.advance(Duration.ofMinutes(2));
        recover.closeIdle();
        assertThat(target.next(RecoveryClose.class).sessionId()).isEqualTo(session.id().toString());
        assertThatThrownBy(() -> runAs(security, "expiry-operator", Role.OPERATOR, () -> recover.recoveryPoints(session.id())))
                .isInstanceOf(RecoveryException.class).hasMessageContaining("unused for 30 min");
        // another user never sees someone else's session
        assertThat(runAs(security, "someone-else", Role.OPERATOR, () -> recover.session(session.id()))).isEmpty();
    }
}
