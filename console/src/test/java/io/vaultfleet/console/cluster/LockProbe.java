package io.vaultfleet.console.cluster;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.platform.ConsoleNode;

/**
 * A scheduled pass locked the way the console's passes are (docs/decisions/026), present only in the two-node test:
 * every node schedules it, and each run is recorded with the node that ran it, in one list shared by the test's nodes.
 */
@Component
@ConditionalOnProperty("vaultfleet.test.lock-probe-interval")
class LockProbe {
    record Run(String node, Instant at) {
    }

    static final List<Run> RUNS = new CopyOnWriteArrayList<>();

    private final ConsoleNode node;

    LockProbe(ConsoleNode node) {
        this.node = node;
    }

    @Scheduled(fixedDelayString = "${vaultfleet.test.lock-probe-interval}")
    @SchedulerLock(name = "test.lock-probe", lockAtLeastFor = "${vaultfleet.test.lock-probe-interval}")
    void pass() {
        RUNS.add(new Run(node.id(), Instant.now()));
    }
}
