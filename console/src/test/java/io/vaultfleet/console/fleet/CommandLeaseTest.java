package io.vaultfleet.console.fleet;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.ConsoleApplication;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.BackupJob;
import io.vaultfleet.console.jobs.JobQuery;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.jobs.JobStatus;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.testsupport.EmbeddedPostgres;

/**
 * At-least-once delivery of a relayed Back Up Now (docs/decisions/031), on two console nodes and PostgreSQL: node B,
 * which holds the agent, leases the command and dies before writing it to the socket (a hook throws where the send
 * would be, and B is then stopped, as if killed there); the agent reconnects to node A, which takes the command again
 * once B's lease ran out, and the agent receives it exactly once; its first progress report acknowledges it, so it
 * is never sent again.
 */
class CommandLeaseTest {
    private static final Duration LEASE = Duration.ofSeconds(3);

    private EmbeddedPostgres postgres;
    private ConfigurableApplicationContext nodeA;
    private ConfigurableApplicationContext nodeB;
    private SimulatedAgent agent;

    private static ConfigurableApplicationContext node(String id, String url, Path data, Path masterKey) {
        return new SpringApplicationBuilder(ConsoleApplication.class).profiles("test", "postgres").run(
                "--server.port=0", "--vaultfleet.node-id=" + id, "--vaultfleet.data-dir=" + data,
                "--vaultfleet.master-key-file=" + masterKey,
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--vaultfleet.agents.command-sweep-interval=500ms",
                "--vaultfleet.agents.command-lease=" + LEASE.toMillis() + "ms");
    }

    private static int port(ConfigurableApplicationContext node) {
        return node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {nodeB, nodeA}) {
            if (node != null && node.isActive()) {
                node.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** Two nodes, the agent on B, a Back Up Now issued on A that B leases and then dies with, before sending. */
    private BackupJob leasedByANodeThatDies() throws Exception {
        postgres = EmbeddedPostgres.start();
        String url = postgres.createDatabase("vaultfleet");
        Path data = Path.of("target", "test-data", "lease-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(data);
        Path masterKey = Files.writeString(data.resolve("master-key.txt"), "lease-test-master-key-" + UUID.randomUUID());
        nodeA = node("node-a", url, data.resolve("a"), masterKey);
        nodeB = node("node-b", url, data.resolve("b"), masterKey);
        UUID vault = nodeA.getBean(TestVaults.class).create("lease").id();
        agent = SimulatedAgent.enroll(nodeA.getBean(FleetService.class), vault, "leased", port(nodeB), Clock.systemUTC())
                .connect();

        // node B dies between leasing a command and writing it to the agent's socket
        AtomicInteger leasedOnB = new AtomicInteger();
        nodeB.getBean(AgentCommandRelay.class).afterLease = servers -> {
            leasedOnB.incrementAndGet();
            throw new IllegalStateException("node B dies here (test)");
        };
        BackupJob job = runAs(security(), Role.OPERATOR,
                () -> jobsOnA().backUpNow(agent.id(), "SYSTEM_CONFIGURATION", List.of()));
        assertThat(job.status()).as("routed to node B").isEqualTo(JobStatus.QUEUED);
        await().atMost(Duration.ofSeconds(10)).until(() -> leasedOnB.get() > 0);
        assertThat(jdbc().sql("select claimed_by from pending_agent_command where server_id = :s").param("s", agent.id())
                .query(String.class).single()).as("leased by B, not deleted").isEqualTo("node-b");
        nodeB.close();
        return job;
    }

    private SecurityContextHolderStrategy security() {
        return nodeA.getBean(SecurityContextHolderStrategy.class);
    }

    private JobService jobsOnA() {
        return nodeA.getBean(JobService.class);
    }

    private JdbcClient jdbc() {
        return nodeA.getBean(JdbcClient.class);
    }

    @Test
    void aBackUpNowLeasedByANodeThatDiesBeforeSendingReachesTheAgentOnceThroughTheOtherNode() throws Exception {
        BackupJob job = leasedByANodeThatDies();
        SecurityContextHolderStrategy security = security();
        JobService jobsOnA = jobsOnA();
        JdbcClient jdbc = jdbc();

        agent.connectTo(port(nodeA));
        BackupNow received = agent.next(BackupNow.class, LEASE.multipliedBy(10));
        assertThat(received.jobId()).isEqualTo(job.id().toString());
        agent.progress(received.jobId(), "PRECHECK");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from pending_agent_command")
                .query(Long.class).single() == 0);
        assertThat(agent.countWithin(BackupNow.class, LEASE.multipliedBy(3)))
                .as("acknowledged by its first report: not sent again once the lease has run out").isZero();

        agent.finish(received.jobId(), "COMPLETED", null);
        assertThat(runAs(security, Role.READER, () -> jobsOnA.find(job.id())).orElseThrow().status())
                .isEqualTo(JobStatus.COMPLETED);
        assertThat(runAs(security, Role.READER, () -> jobsOnA.count(JobQuery.forServer(agent.id()))))
                .as("one job").isEqualTo(1);
    }

    @Test
    void aBackUpNowCancelledWhileADeadNodesLeaseRunsIsNeverSent() throws Exception {
        BackupJob job = leasedByANodeThatDies();
        BackupJob cancelled = runAs(security(), Role.OPERATOR, () -> jobsOnA().cancel(job.id()));

        assertThat(cancelled.status()).as("it never reached the server: cancelled at once").isEqualTo(JobStatus.CANCELLED);
        assertThat(jdbc().sql("select count(*) from pending_agent_command").query(Long.class).single())
                .as("the leased command withdrawn").isZero();
        agent.connectTo(port(nodeA));
        assertThat(agent.countWithin(BackupNow.class, LEASE.multipliedBy(4)))
                .as("after the dead node's lease ran out, no node sends the cancelled backup").isZero();
        assertThat(runAs(security(), Role.READER, () -> jobsOnA().find(job.id())).orElseThrow().status())
                .isEqualTo(JobStatus.CANCELLED);
    }
}
