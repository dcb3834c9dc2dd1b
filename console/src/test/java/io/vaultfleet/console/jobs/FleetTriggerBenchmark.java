package io.vaultfleet.console.jobs;

import io.vaultfleet.testsupport.BenchResults;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.TestPropertySource;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerQuery;
import io.vaultfleet.console.fleet.ServerStatus;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;

/**
 * Issue 8's figure: 1,000 servers triggered at once must all receive their Back Up Now within 2 seconds. 1,000
 * agents speak the real protocol over real WebSockets (one JVM, one shared HTTP client) to a real console; the time
 * is from the moment the operator's request enters {@link JobService#backUpNow} to the moment the last agent has
 * decoded its {@code backup-now} frame. Not a test: tagged {@code benchmark}, excluded from the build's tests and
 * run by {@code bench/trigger.sh}, which writes the figures into {@code bench/RESULTS.md}.
 */
@Tag("benchmark")
@ConsoleTest
@TestPropertySource(properties = {"vaultfleet.agents.heartbeat-seconds=30", "vaultfleet.agents.missed-heartbeats=4",
        "server.tomcat.max-connections=4096", "server.tomcat.threads.max=200", "logging.level.io.vaultfleet=warn"})
class FleetTriggerBenchmark {
    private static final int SERVERS = Integer.getInteger("bench.servers", 1000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private final ProtocolCodec codec = new ProtocolCodec();

    @LocalServerPort
    int port;

    @Autowired
    JobService jobs;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    SecurityContextHolderStrategy security;

    /** One agent: records when each backup-now arrives. */
    private final class Agent implements WebSocket.Listener {
        final RegisteredServer server;
        final KeyPair keys;
        volatile CountDownLatch welcomed = new CountDownLatch(1);
        volatile CountDownLatch triggered;
        final AtomicLong receivedAt = new AtomicLong();
        final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        Agent(RegisteredServer server, KeyPair keys) {
            this.server = server;
            this.keys = keys;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                var message = codec.decodeFromConsole(frame).message();
                if (message instanceof io.vaultfleet.protocol.Welcome) {
                    welcomed.countDown();
                } else if (message instanceof BackupNow) {
                    receivedAt.set(System.nanoTime());
                    triggered.countDown();
                }
            }
            ws.request(1);
            return null;
        }
    }

    @Test
    void thousandServersReceiveBackUpNow() throws Exception {
        var vault = vaults.create("trigger-bench");
        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
        List<Agent> agents = new ArrayList<>();
        for (int i = 0; i < SERVERS; i++) {
            KeyPair keys = AgentKeys.generate();
            RegisteredServer server = fleet.recordEnrollment(vault.id(), String.format(Locale.ROOT, "bench-%05d", i),
                    "Windows Server", "2022", "0.1.0", AgentKeys.encodePublic(keys.getPublic()));
            agents.add(new Agent(server, keys));
        }
        for (int from = 0; from < agents.size(); from += 100) {
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            for (Agent agent : agents.subList(from, Math.min(agents.size(), from + 100))) {
                opening.add(client.newWebSocketBuilder().header(ConnectProof.HEADER,
                                ConnectProof.create(agent.server.id(), agent.keys.getPrivate(), Instant.now()).toHeader())
                        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/agent/ws"), agent)
                        .thenApply(ws -> {
                            agent.socket = ws;
                            ws.sendText(codec.encode(new Hello("0.1.0", agent.server.name(), "Windows Server", "2022",
                                    ProtocolCodec.PROTOCOL_VERSION)), true);
                            return ws;
                        }));
            }
            CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        for (Agent agent : agents) {
            assertThat(agent.welcomed.await(60, TimeUnit.SECONDS)).as(agent.server.name() + " welcomed").isTrue();
        }
        long online = runAs(security, Role.READER, () -> fleet.list(ServerQuery.inVault(vault.id()), 0, SERVERS + 1))
                .stream().filter(s -> s.status() == ServerStatus.ONLINE).count();
        assertThat(online).isEqualTo(SERVERS);
        List<UUID> ids = agents.stream().map(a -> a.server.id()).toList();

        StringBuilder rows = new StringBuilder();
        double[] lastArrivals = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            CountDownLatch all = new CountDownLatch(SERVERS);
            agents.forEach(a -> a.triggered = all);
            long start = System.nanoTime();
            List<BackupJob> started = runAs(security, Role.OPERATOR, () ->
                    jobs.backUpNow(ids, "SYSTEM_STATE", List.of(), null));
            long returned = System.nanoTime();
            assertThat(all.await(60, TimeUnit.SECONDS)).as("every agent received its command").isTrue();
            assertThat(started).allMatch(j -> j.status() == JobStatus.QUEUED);
            double[] arrivals = agents.stream().mapToDouble(a -> (a.receivedAt.get() - start) / 1e6).sorted().toArray();
            lastArrivals[round] = arrivals[arrivals.length - 1];
            rows.append(String.format(Locale.ROOT, "| %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms |%n", round + 1,
                    (returned - start) / 1e6, arrivals[0], arrivals[arrivals.length / 2],
                    arrivals[(int) (arrivals.length * 0.99) - 1], arrivals[arrivals.length - 1]));
        }
        agents.forEach(a -> a.socket.abort());
        double worst = Arrays.stream(lastArrivals).max().orElseThrow();
        double best = Arrays.stream(lastArrivals).min().orElseThrow();
        String section = """
                <!-- trigger:begin (written by bench/trigger.sh; do not edit by hand) -->
                ## Back Up Now for %d servers at once (issue 8)

                Run %s on this machine. Reproduce: `bench/trigger.sh`.

                %d agents speak the real protocol over real WebSockets (one JVM, one shared HTTP client, on the same
                2 cores as the console) to a real console (H2); each round, one operator request asks all of them to
                back up System State. Time is from the request entering `JobService.backUpNow` (which records the %d
                jobs in one batch, commits, then sends) to the moment each agent decoded its `backup-now` frame.

                | round | request returned | first agent | median agent | 99th percentile | last agent |
                | ---: | ---: | ---: | ---: | ---: | ---: |
                %s

                **Last agent served in %.0f–%.0f ms over %d rounds; target: all within 2,000 ms — %s.** There is no peer
                program for this figure (restic has no fleet); the target is the issue's.
                <!-- trigger:end -->
                """.formatted(SERVERS, BenchResults.runStamp(), SERVERS, SERVERS, rows.toString().stripTrailing(), best, worst, ROUNDS,
                worst <= 2000 ? "met" : "MISSED");
        BenchResults.writeSection("trigger", section);
    }
}
