package io.vaultfleet.console.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A console node's id, heartbeat row and health, on the console's real tables (its Flyway script, on H2) with a
 * clock the test sets: nodes count each other alive by their heartbeats, and a node that cannot write its heartbeat
 * says DOWN to the load balancer.
 */
class ConsoleNodeTest {
    private JdbcClient jdbc;
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");

    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    @BeforeEach
    void database() throws IOException {
        jdbc = JdbcClient.create(new DriverManagerDataSource(
                "jdbc:h2:mem:nodes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
        for (String statement : Files.readString(Path.of("src/main/resources/db/migration/V430__console_nodes.sql"))
                .replaceAll("(?m)^--.*$", "").split(";")) {
            if (!statement.isBlank()) {
                jdbc.sql(statement).update();
            }
        }
    }

    @Test
    void nodesCountEachOtherAliveWhileTheirHeartbeatsAreRecent() {
        ConsoleNode a = new ConsoleNode(jdbc, clock, "node-a");
        ConsoleNode b = new ConsoleNode(jdbc, clock, "node-b");
        assertThat(a.aliveNodes()).containsExactly("node-a", "node-b");

        now = now.plus(ConsoleNode.ALIVE_FOR).plusSeconds(1);
        a.heartbeat();
        assertThat(a.aliveNodes()).containsExactly("node-a");
        assertThat(a.isAlive("node-b")).isFalse();

        b.heartbeat();
        assertThat(a.isAlive("node-b")).isTrue();
        b.leave();
        assertThat(a.aliveNodes()).containsExactly("node-a");
        b.heartbeat();
        assertThat(a.aliveNodes()).as("a node taken for gone that beats again is back").containsExactly("node-a", "node-b");
    }

    @Test
    void aNodeThatCannotWriteItsHeartbeatIsDownForTheLoadBalancer() {
        ConsoleNode node = new ConsoleNode(jdbc, clock, "node-a");
        node.heartbeat();
        assertThat(node.health().getStatus()).isEqualTo(Status.UP);

        jdbc.sql("drop table console_node").update();
        now = now.plus(Duration.ofSeconds(5));
        node.heartbeat();
        assertThat(node.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(node.health().getDetails()).containsKey("heartbeat");
    }

    @Test
    void aNodeIdThatCannotBeANameIsRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> new ConsoleNode(jdbc, clock, "node a; drop"))
                .hasMessageContaining("vaultfleet.node-id must be 1 to 100 letters, digits");
        assertThat(new ConsoleNode(jdbc, clock, "").id()).as("generated when not set").matches("[A-Za-z0-9.-]+-[0-9a-f]{8}");
    }
}
