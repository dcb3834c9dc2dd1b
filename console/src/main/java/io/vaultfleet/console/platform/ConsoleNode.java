package io.vaultfleet.console.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * This console node: its id ({@code vaultfleet.node-id}, else host name and a random suffix, new at each start) and
 * its heartbeat row in {@code console_node}, written every few seconds. Other nodes count a node alive while its
 * heartbeat is younger than {@link #ALIVE_FOR}; a node killed with {@code kill -9} stops counting after that.
 * <p>
 * Also a health indicator ({@code /actuator/health}, what a load balancer checks): DOWN while this node cannot write
 * its heartbeat, so a node cut off from the database takes no more browsers or agents.
 */
@Component("consoleNode")
public class ConsoleNode implements HealthIndicator {
    /** A node whose heartbeat is older than this is taken for gone (three missed beats). */
    public static final Duration ALIVE_FOR = Duration.ofSeconds(15);
    private static final Logger log = LoggerFactory.getLogger(ConsoleNode.class);

    private final String id;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Instant startedAt;
    private final AtomicReference<String> heartbeatProblem = new AtomicReference<>();

    ConsoleNode(JdbcClient jdbc, Clock clock, @Value("${vaultfleet.node-id:}") String configuredId) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.id = configuredId.isBlank() ? generatedId() : validated(configuredId.strip());
        this.startedAt = clock.instant();
        jdbc.sql("delete from console_node where node_id = :id").param("id", id).update();
        jdbc.sql("insert into console_node (node_id, address, started_at, heartbeat_at) values (:id, :a, :s, :s)")
                .param("id", id).param("a", hostName()).param("s", Timestamps.toDb(startedAt)).update();
        log.info("console node {} started", id);
    }

    private static String validated(String id) {
        if (id.length() > 100 || !id.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalStateException("vaultfleet.node-id must be 1 to 100 letters, digits, '.', '_' or '-'; got '"
                    + LogSafe.of(id) + "'");
        }
        return id;
    }

    private static String generatedId() {
        String host = hostName().replaceAll("[^A-Za-z0-9.-]", "-");
        return (host.length() > 60 ? host.substring(0, 60) : host) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /** This node's id, as written in {@code console_node}, {@code agent_holder} and ShedLock's {@code locked_by}. */
    public String id() {
        return id;
    }

    @Scheduled(fixedDelayString = "${vaultfleet.node.heartbeat-interval:5s}")
    void heartbeat() {
        try {
            Instant now = clock.instant();
            int updated = jdbc.sql("update console_node set heartbeat_at = :now where node_id = :id")
                    .param("now", Timestamps.toDb(now)).param("id", id).update();
            if (updated == 0) {
                // removed by another node that took it for gone (or by an operator): say we are back
                jdbc.sql("insert into console_node (node_id, address, started_at, heartbeat_at) values (:id, :a, :s, :now)")
                        .param("id", id).param("a", hostName()).param("s", Timestamps.toDb(startedAt))
                        .param("now", Timestamps.toDb(now)).update();
            }
            heartbeatProblem.set(null);
        } catch (RuntimeException e) {
            if (heartbeatProblem.getAndSet(e.getMessage()) == null) {
                log.warn("console node {} could not write its heartbeat: {}", id, e.getMessage());
            }
        }
    }

    /** The ids of the nodes whose heartbeat is recent, this one included. */
    public List<String> aliveNodes() {
        return jdbc.sql("select node_id from console_node where heartbeat_at >= :since order by node_id")
                .param("since", Timestamps.toDb(clock.instant().minus(ALIVE_FOR))).query(String.class).list();
    }

    /** Whether node {@code nodeId} wrote its heartbeat recently. */
    public boolean isAlive(String nodeId) {
        if (id.equals(nodeId)) {
            return true;
        }
        return jdbc.sql("select count(*) from console_node where node_id = :id and heartbeat_at >= :since")
                .param("id", nodeId).param("since", Timestamps.toDb(clock.instant().minus(ALIVE_FOR)))
                .query(Long.class).single() > 0;
    }

    @Override
    public Health health() {
        String problem = heartbeatProblem.get();
        return problem == null ? Health.up().withDetail("node", id).build()
                : Health.down().withDetail("node", id).withDetail("heartbeat", problem).build();
    }

    /** A node that stops cleanly says so at once: its agents' commands are not routed to it meanwhile. */
    @EventListener(ContextClosedEvent.class)
    void leave() {
        // bounded: when the database is already gone, waiting for a pooled connection would hold the shutdown for
        // the pool's whole timeout; the row then simply ages out like a crashed node's
        var removal = CompletableFuture.runAsync(
                () -> jdbc.sql("delete from console_node where node_id = :id").param("id", id).update(),
                runnable -> Thread.ofPlatform().daemon().name("console-node-leave").start(runnable));
        try {
            removal.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.debug("console node {} could not remove its heartbeat row on shutdown: {}", id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
