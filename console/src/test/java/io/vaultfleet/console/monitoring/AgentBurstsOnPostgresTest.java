package io.vaultfleet.console.monitoring;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestPostgres;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.protocol.Delivered;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.Message;

/**
 * Bursts of agent frames on PostgreSQL with a small connection pool (issue 22).
 * <p>
 * Hellos: each hello's transaction holds a
 * connection, and the alert checks of a server coming online used to take a second one right after the commit, in the
 * same thread, while the first was still held — about as many hellos at once as the pool has connections and every
 * one of them waited for a connection none would give back, until the pool's timeout failed the hello. The checks now run on one thread of their own
 * (docs/decisions/031): every agent of the burst is welcomed, and the checks still happen (each agent is below the
 * minimum version, so each gets its alert).
 * <p>
 * Job results: the alert rules of a job's end (clear the failure alerts, raise one) ran the same way after the
 * report's commit, in the reporting thread, each taking a second connection: 1,000 Back Up Now results at once on a
 * node of ten connections failed reports and API requests alike for 30 s (bench/cluster-scale.sh). They now run on
 * one thread of their own (docs/decisions/035): every result of the burst is acknowledged, and every job still gets
 * its alert.
 */
@ConsoleTest
@ActiveProfiles({"test", "postgres"})
// production's heartbeat timing (an agent silent for 45 s is dropped), not the test profile's 3 s: on this shared
// machine a hello queued behind 99 others for 4 connections takes longer than that between its admission and its welcome
// and the periodic rules an hour apart, so the version alerts can only come from the reconnect checks under test
@TestPropertySource(properties = {"spring.datasource.hikari.maximum-pool-size=4",
        "vaultfleet.agents.heartbeat-seconds=15", "vaultfleet.agents.missed-heartbeats=3",
        "vaultfleet.monitoring.evaluate-interval=1h"})
class AgentBurstsOnPostgresTest {
    private static final int AGENTS = 100;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestPostgres.use(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    AlertService alerts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JobService jobs;

    @Autowired
    SecurityContextHolderStrategy security;

    private final List<SimulatedAgent> agents = new ArrayList<>();

    @AfterEach
    void disconnect() {
        agents.forEach(SimulatedAgent::close);
    }

    @Test
    void aHundredHellosAtOnceAreAllWelcomedByAConsoleWithFourPooledConnections() throws Exception {
        UUID vault = vaults.create("hello-burst").id();
        for (int i = 0; i < AGENTS; i++) {
            agents.add(SimulatedAgent.enroll(fleet, vault, "burst", port, Clock.systemUTC()));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> hellos = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(AGENTS)) {
            for (SimulatedAgent agent : agents) {
                hellos.add(threads.submit(() -> {
                    go.await();
                    // the hellos queue for the 4 connections (the pool's own 30 s timeout applies to each); on this
                    // shared machine the last may wait for its welcome far longer than on a quiet one
                    return agent.connect("0.0.0-old", Duration.ofSeconds(120));
                }));
            }
            go.countDown();
            for (Future<?> hello : hellos) {
                hello.get(180, TimeUnit.SECONDS); // an error reply instead of the welcome fails the test here
            }
        }
        List<UUID> ids = agents.stream().map(SimulatedAgent::id).toList();
        assertThat(jdbc.sql("select count(*) from registered_server where status = 'ONLINE' and id in (:ids)")
                .param("ids", ids).query(Long.class).single()).as("every agent of the burst is online").isEqualTo(AGENTS);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ids).allSatisfy(id -> assertThat(
                runAs(security, Role.READER, () -> alerts.list(AlertQuery.open().forServer(id)
                        .withRule(AlertRule.AGENT_VERSION_UNSUPPORTED), 0, 10))).as("alert of " + id).hasSize(1)));
    }

    @Test
    void aHundredJobResultsAtOnceAreAllStoredAndAlertedByAConsoleWithFourPooledConnections() throws Exception {
        UUID vault = vaults.create("result-burst").id();
        for (int i = 0; i < AGENTS; i++) {
            agents.add(SimulatedAgent.enroll(fleet, vault, "results", port, Clock.systemUTC())
                    .connect("0.1.0", Duration.ofSeconds(60)));
        }
        List<UUID> ids = agents.stream().map(SimulatedAgent::id).toList();
        runAs(security, Role.OPERATOR, () -> jobs.backUpNow(ids, "SYSTEM_STATE", List.of(), null));
        List<String> jobIds = agents.stream().map(SimulatedAgent::awaitBackupNow).toList();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Message>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(AGENTS)) {
            for (int i = 0; i < AGENTS; i++) {
                SimulatedAgent agent = agents.get(i);
                String job = jobIds.get(i);
                answers.add(threads.submit(() -> {
                    go.await();
                    return agent.offer(new JobFinished(UUID.randomUUID().toString(), job, JobOutcome.FAILED,
                            "wbadmin failed: the VSS writer 'NTDS' timed out", null, 0, 0, 0));
                }));
            }
            go.countDown();
            for (Future<Message> answer : answers) {
                // before: an error reply ("could not be stored") once the pool's 30 s timeout hit
                assertThat(answer.get(180, TimeUnit.SECONDS)).isInstanceOf(Delivered.class);
            }
        }
        assertThat(jdbc.sql("select count(*) from backup_job where status = 'FAILED' and server_id in (:ids)")
                .param("ids", ids).query(Long.class).single()).as("every result of the burst stored").isEqualTo(AGENTS);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ids).allSatisfy(id -> assertThat(
                runAs(security, Role.READER, () -> alerts.list(AlertQuery.open().forServer(id)
                        .withRule(AlertRule.BACKUP_FAILED), 0, 10))).as("alert of " + id).hasSize(1)));
    }
}
