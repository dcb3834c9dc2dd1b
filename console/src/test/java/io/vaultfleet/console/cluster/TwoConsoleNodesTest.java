package io.vaultfleet.console.cluster;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.server.Command;

import io.vaultfleet.console.ConsoleApplication;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.BackupJob;
import io.vaultfleet.console.jobs.JobChanged;
import io.vaultfleet.console.jobs.JobQuery;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.jobs.JobStatus;
import io.vaultfleet.console.ui.Audience;
import io.vaultfleet.testsupport.EmbeddedPostgres;

/**
 * Two console nodes (two Spring contexts, each with its own web server and agent endpoint) on one PostgreSQL
 * database, as docs/deployment.md runs them behind HAProxy: a Back Up Now issued on node A reaches an agent connected
 * to node B and its progress reaches a live view on node A; node B stopping mid-job loses and duplicates nothing once
 * the agent reconnects to node A; a locked scheduled pass runs once across the nodes.
 * <p>
 * The command sweep (the safety net under NOTIFY) is set to an hour here: commands arrive through NOTIFY alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoConsoleNodesTest {
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(300);
    private static EmbeddedPostgres postgres;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;
    private static UUID vaultId;
    private final List<SimulatedAgent> agents = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes() {
        postgres = EmbeddedPostgres.start();
        String url = postgres.createDatabase("vaultfleet");
        // a data folder each, one master key given to both (docs/deployment.md); the other keys come from the database
        Path data = Path.of("target", "test-data", "two-nodes-" + UUID.randomUUID()).toAbsolutePath();
        Path masterKey = data.resolve("master-key.txt");
        try {
            java.nio.file.Files.createDirectories(data);
            java.nio.file.Files.writeString(masterKey, "two-nodes-test-master-key-" + UUID.randomUUID());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        nodeA = node("node-a", url, data.resolve("a"), masterKey);
        nodeB = node("node-b", url, data.resolve("b"), masterKey);
        vaultId = nodeA.getBean(TestVaults.class).create("two-nodes").id();
    }

    private static ConfigurableApplicationContext node(String id, String url, Path data, Path masterKey) {
        return new SpringApplicationBuilder(ConsoleApplication.class).profiles("test", "postgres").run(
                "--server.port=0", "--vaultfleet.node-id=" + id, "--vaultfleet.data-dir=" + data,
                "--vaultfleet.master-key-file=" + masterKey,
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--vaultfleet.agents.command-sweep-interval=1h",
                "--vaultfleet.test.lock-probe-interval=" + PROBE_INTERVAL.toMillis() + "ms");
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {nodeA, nodeB}) {
            if (node != null && node.isActive()) {
                node.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @org.junit.jupiter.api.AfterEach
    void closeAgents() {
        agents.forEach(SimulatedAgent::close);
    }

    private static int port(ConfigurableApplicationContext node) {
        return node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private SimulatedAgent agentOn(ConfigurableApplicationContext node, String name) {
        SimulatedAgent agent = SimulatedAgent.enroll(nodeA.getBean(FleetService.class), vaultId, name, port(node),
                Clock.systemUTC());
        agents.add(agent);
        return agent.connect();
    }

    /** What a jobs view on {@code node} is told: subscribed to the same live updates, in a tab that sees every vault. */
    private static List<JobChanged> jobsViewOn(ConfigurableApplicationContext node) {
        List<JobChanged> seen = new CopyOnWriteArrayList<>();
        UI tab = new UI() {
            @Override
            public Future<Void> access(Command command) {
                command.execute();
                return CompletableFuture.completedFuture(null);
            }
        };
        Audience.set(tab, vault -> true);
        Div view = new Div();
        node.getBean(JobService.class).updates().subscribe(view, seen::add);
        tab.add(view);
        return seen;
    }

    private static BackupJob backUpNowOn(ConfigurableApplicationContext node, UUID serverId) {
        return runAs(node.getBean(SecurityContextHolderStrategy.class), Role.OPERATOR,
                () -> node.getBean(JobService.class).backUpNow(serverId, "SYSTEM_CONFIGURATION", List.of()));
    }

    private static BackupJob jobOn(ConfigurableApplicationContext node, UUID jobId) {
        return runAs(node.getBean(SecurityContextHolderStrategy.class), Role.READER,
                () -> node.getBean(JobService.class).find(jobId)).orElseThrow();
    }

    @Test
    @Order(1)
    void aLockedScheduledPassRunsOnceAcrossTheNodes() {
        await().atMost(Duration.ofSeconds(20)).until(() -> LockProbe.RUNS.size() >= 8);
        List<LockProbe.Run> runs = List.copyOf(LockProbe.RUNS).subList(0, 8);
        // both nodes schedule the pass every 300 ms; run by both, passes would come about twice as often
        for (int i = 1; i < runs.size(); i++) {
            assertThat(Duration.between(runs.get(i - 1).at(), runs.get(i).at()))
                    .as("run %d (%s) after run %d (%s)", i, runs.get(i).node(), i - 1, runs.get(i - 1).node())
                    .isGreaterThanOrEqualTo(PROBE_INTERVAL.minusMillis(50));
        }
        assertThat(runs).extracting(LockProbe.Run::node).isSubsetOf("node-a", "node-b");
        // the console's own passes take the same lock table
        JdbcClient jdbc = nodeA.getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select count(*) from shedlock where name = 'monitoring.notifications'")
                .query(Long.class).single() == 1);
        assertThat(jdbc.sql("select locked_by from shedlock where name = 'monitoring.notifications'").query(String.class).single())
                .isIn("node-a", "node-b");
        assertThat(jdbc.sql("select node_id from console_node order by node_id").query(String.class).list())
                .containsExactly("node-a", "node-b");
    }

    @Test
    @Order(2)
    void bothNodesSignWithTheSameKeysAndOpenEachOthersSecrets() {
        assertThat(nodeB.getBean(io.vaultfleet.console.downloads.ConsoleSigningKey.class).keyId())
                .isEqualTo(nodeA.getBean(io.vaultfleet.console.downloads.ConsoleSigningKey.class).keyId());
        assertThat(nodeB.getBean(io.vaultfleet.console.downloads.AgentUpgradeKey.class).publicKey())
                .isEqualTo(nodeA.getBean(io.vaultfleet.console.downloads.AgentUpgradeKey.class).publicKey());
        String sealedOnA = nodeA.getBean(io.vaultfleet.console.storage.SecretBox.class).seal("storage account key");
        assertThat(nodeB.getBean(io.vaultfleet.console.storage.SecretBox.class).open(sealedOnA))
                .isEqualTo("storage account key");
    }

    @Test
    @Order(3)
    void backUpNowIssuedOnNodeAReachesTheAgentOnNodeBAndItsProgressShowsOnNodeA() {
        SimulatedAgent agent = agentOn(nodeB, "on-b");
        List<JobChanged> viewOnA = jobsViewOn(nodeA);

        BackupJob job = backUpNowOn(nodeA, agent.id());
        assertThat(job.status()).as("sent through node B, not failed as unreachable").isEqualTo(JobStatus.QUEUED);
        String jobId = agent.awaitBackupNow();
        assertThat(jobId).isEqualTo(job.id().toString());

        agent.progress(jobId, "UPLOAD");
        await().atMost(Duration.ofSeconds(5)).until(() -> viewOnA.stream()
                .anyMatch(c -> c.jobId().equals(job.id()) && c.status() == JobStatus.IN_PROGRESS));
        assertThat(jobOn(nodeA, job.id()).status()).isEqualTo(JobStatus.IN_PROGRESS);

        agent.finish(jobId, "COMPLETED", null);
        await().atMost(Duration.ofSeconds(5)).until(() -> viewOnA.stream()
                .anyMatch(c -> c.jobId().equals(job.id()) && c.status() == JobStatus.COMPLETED));
        assertThat(jobOn(nodeA, job.id()).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(nodeA.getBean(JdbcClient.class).sql("select count(*) from pending_agent_command")
                .query(Long.class).single()).as("each command taken once").isZero();
    }

    @Test
    @Order(4)
    void nodeBStoppingMidJobLosesAndDuplicatesNothingOnceItsAgentReconnectsToNodeA() {
        SimulatedAgent agent = agentOn(nodeB, "moves");
        BackupJob job = backUpNowOn(nodeA, agent.id());
        String jobId = agent.awaitBackupNow();
        agent.progress(jobId, "SNAPSHOT");
        await().atMost(Duration.ofSeconds(5)).until(() -> jobOn(nodeA, job.id()).status() == JobStatus.IN_PROGRESS);

        nodeB.close();
        agent.connectTo(port(nodeA));
        List<JobChanged> viewOnA = jobsViewOn(nodeA);
        agent.progress(jobId, "UPLOAD");
        agent.finish(jobId, "COMPLETED", null);

        await().atMost(Duration.ofSeconds(5)).until(() -> viewOnA.stream()
                .anyMatch(c -> c.jobId().equals(job.id()) && c.status() == JobStatus.COMPLETED));
        assertThat(jobOn(nodeA, job.id()).status()).isEqualTo(JobStatus.COMPLETED);
        long jobsOfServer = runAs(nodeA.getBean(SecurityContextHolderStrategy.class), Role.READER,
                () -> nodeA.getBean(JobService.class).count(JobQuery.forServer(agent.id())));
        assertThat(jobsOfServer).as("one job, not a second one started again").isEqualTo(1);
        JdbcClient jdbc = nodeA.getBean(JdbcClient.class);
        assertThat(jdbc.sql("select node_id from agent_holder where server_id = :s").param("s", agent.id())
                .query(String.class).single()).isEqualTo("node-a");
        assertThat(jdbc.sql("select node_id from console_node").query(String.class).list())
                .as("node B said it left").containsExactly("node-a");

        // a command issued now goes straight to node A's own connection
        var second = backUpNowOn(nodeA, agent.id());
        assertThat(agent.awaitBackupNow()).isEqualTo(second.id().toString());
    }
}
