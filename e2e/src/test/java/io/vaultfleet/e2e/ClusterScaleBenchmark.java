package io.vaultfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.enrollment.EnrollmentRequest;
import io.vaultfleet.protocol.enrollment.EnrollmentResult;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.testsupport.AgentFleet;
import io.vaultfleet.testsupport.BenchResults;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.EmbeddedPostgres;
import io.vaultfleet.testsupport.FreePorts;
import io.vaultfleet.testsupport.pages.AccountPage;
import io.vaultfleet.testsupport.pages.LoginPage;

/**
 * Issue 22's figures at scale: PostgreSQL, HAProxy, three packaged console nodes (small heaps) and {@code bench.agents}
 * (10,000) simulated agents ({@link AgentFleet}: one JVM, real WebSockets, real enrollment through
 * {@code /agent/enroll}, connect proofs, heartbeats every 15 s, Back Up Now answered like the real agent). Measures:
 * Back Up Now for 1,000 servers issued on one node; kill -9 of one node mid-delivery (agents back on the others, no job
 * lost or run twice, page and API answer times through HAProxy meanwhile); all three nodes restarted (agents back);
 * memory and CPU per node at full count. Not a test: tagged {@code benchmark}, run by {@code bench/cluster-scale.sh},
 * which writes the {@code cluster-scale} section of {@code bench/RESULTS.md}.
 * <p>
 * The agents go through two HAProxy processes, half each, when they are more than one process can proxy: each
 * proxied connection takes two file descriptors, and this machine's hard limit is 20,000 per process.
 */
@Tag("benchmark")
class ClusterScaleBenchmark {
    private static final int AGENTS = Integer.getInteger("bench.agents", 10_000);
    private static final int TRIGGERED = Math.min(1_000, AGENTS / 3);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration STEADY = Duration.ofSeconds(Integer.getInteger("bench.steady-seconds", 60));
    private static final int PER_PROXY = 9_000;
    /** How long a simulated backup runs before its result is sent (a real one takes minutes). */
    private static final Duration JOB_TAKES = Duration.ofSeconds(5);
    private static final String DB = "vaultfleet";

    @TempDir
    Path work;

    private final ProtocolCodec codec = new ProtocolCodec();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(8)).build();
    private final List<AutoCloseable> started = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private final ConsoleProcess[] nodes = new ConsoleProcess[3];
    private final int[] ports = new int[3];
    private String dbUrl;
    private Path data;
    private Path masterKey;
    private String publicUrl;
    private final StringBuilder notes = new StringBuilder();

    @AfterEach
    void stopEverything() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        for (ConsoleProcess node : nodes) {
            if (node != null) {
                node.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private ConsoleProcess startNode(int i) {
        return ConsoleProcess.start("scale-node-" + (i + 1), ports[i], data, List.of("-Xmx512m", "-Xss512k"),
                "--spring.profiles.active=postgres", "--spring.datasource.url=" + dbUrl,
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--vaultfleet.node-id=node-" + (i + 1), "--vaultfleet.public-url=" + publicUrl,
                "--vaultfleet.master-key-file=" + masterKey,
                "--vaultfleet.agents.heartbeat-seconds=" + HEARTBEAT.toSeconds(),
                "--vaultfleet.agents.missed-heartbeats=3", "--vaultfleet.agents.sweep-interval=2s",
                "--server.tomcat.max-connections=12000", "--logging.level.io.vaultfleet.console.fleet=warn");
    }

    @Test
    void tenThousandAgentsOnThreeNodes() throws Exception {
        postgres = EmbeddedPostgres.start();
        dbUrl = postgres.createDatabase(DB);
        for (int i = 0; i < 3; i++) {
            ports[i] = FreePorts.next();
        }
        List<Integer> nodePorts = List.of(ports[0], ports[1], ports[2]);
        int proxies = AGENTS > PER_PROXY ? 2 : 1;
        List<ScaleHaproxy> haproxy = new ArrayList<>();
        for (int p = 0; p < proxies; p++) {
            ScaleHaproxy proxy = ScaleHaproxy.start(work.resolve("haproxy-" + p), FreePorts.next(), PER_PROXY, nodePorts);
            haproxy.add(proxy);
            started.add(proxy);
        }
        publicUrl = haproxy.getFirst().url().replaceAll("/$", "");
        data = Files.createDirectories(work.resolve("console-data"));
        masterKey = Files.writeString(work.resolve("master.key"), "cluster-scale-benchmark-master-key-0123456789");
        nodes[0] = startNode(0); // first alone: it makes the keys (docs/deployment.md)
        String password = nodes[0].printedAdminPassword();
        nodes[1] = startNode(1);
        nodes[2] = startNode(2);

        // a vault, its credentials and an access token, as an admin makes them
        byte[] credentials;
        String token;
        try (Browser browser = Browser.start(haproxy.getFirst().url())) {
            LoginPage.open(browser).signIn("admin", password);
            // read before the browser closes: closing it deletes its profile, downloads included
            credentials = Files.readAllBytes(Onboarding.vaultCredentials(browser, "Contoso", "rg-scale", "vault-scale"));
            token = AccountPage.open(browser).createToken("scale benchmark", "Owner");
        }

        long enrollStart = System.nanoTime();
        List<AgentFleet.Member> members = enroll(credentials, haproxy.getFirst().url());
        double enrollSeconds = (System.nanoTime() - enrollStart) / 1e9;

        try (AgentFleet agents = new AgentFleet(members, i -> URI.create("ws://127.0.0.1:"
                + haproxy.get(i % haproxy.size()).port() + "/agent/ws"), new AgentFleet.Options(HEARTBEAT, true, true, JOB_TAKES))) {
            long connectStart = System.nanoTime();
            int reached = agents.connectAll(200, Duration.ofMinutes(8));
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            Results results = new Results(haproxy.size(), members.size(), enrollSeconds, reached, connectSeconds,
                    holders());
            results.publish("connected; measuring the rest");
            results.steady = steadyLoad(agents, haproxy);
            results.publish("measuring Back Up Now");

            // Back Up Now for 1,000 servers issued on node 1, whichever node holds each
            List<UUID> firstThousand = members.subList(0, TRIGGERED).stream().map(AgentFleet.Member::serverId).toList();
            results.rows.add(backUpNow(agents, firstThousand, token, "held by all three nodes"));
            results.publish("measuring kill -9 of a node");

            // kill -9 of node 3 right after a Back Up Now for 1,000 of its servers was issued on node 1
            results.rows.add(killOneNode(agents, haproxy.getFirst(), token));
            results.publish("measuring the restart of all nodes");

            // all three nodes restarted
            results.rows.add(restartAll(agents));
            results.publish("measuring memory and CPU after the restart");
            results.after = steadyLoad(agents, haproxy);
            results.publish(null);
        }
    }

    /** What the run has measured so far, written to RESULTS.md after each step (a run cut short keeps its figures). */
    private final class Results {
        final int proxies;
        final int enrolled;
        final double enrollSeconds;
        final int reached;
        final double connectSeconds;
        final String spread;
        final List<String> rows = new ArrayList<>();
        String steady = "not measured";
        String after = "not measured";

        Results(int proxies, int enrolled, double enrollSeconds, int reached, double connectSeconds, String spread) {
            this.proxies = proxies;
            this.enrolled = enrolled;
            this.enrollSeconds = enrollSeconds;
            this.reached = reached;
            this.connectSeconds = connectSeconds;
            this.spread = spread;
        }

        void publish(String stillRunning) throws IOException {
            String section = """
                    <!-- cluster-scale:begin (written by bench/cluster-scale.sh; do not edit by hand) -->
                    ## %d agents on three console nodes behind HAProxy (issue 22)

                    Run %s on this machine (2 cores, shared). Reproduce: `bench/cluster-scale.sh`
                    (`BENCH_AGENTS=%d`).%s

                    PostgreSQL, %d HAProxy process(es) (`balance leastconn` for agents, cookie-sticky browsers, health
                    checks: docs/deployment.md), three packaged console nodes (`-Xmx512m`, heartbeats every 15 s) and %d
                    simulated agents in one JVM (`AgentFleet`: enrolled through `/agent/enroll`, connect proof, hello,
                    a heartbeat every 15 s, Back Up Now acknowledged at once with progress, its job finished 5 s later
                    with a reliable result). All on the same 2 cores.

                    - Enrolled %d agents in %.0f s; **%d of %d connected** in %.0f s (200 handshakes in flight);
                      agents per node: %s.

                    | what | figure | goal |
                    | --- | --- | --- |
                    %s

                    Memory and CPU per node, %d agents, heartbeats every 15 s, over %d s (CPU in %% of one core;
                    PostgreSQL's RSS is summed over its processes, so its shared memory counts several times):

                    | when | %s |
                    | --- | --- | --- | --- | --- | --- |
                    | after connecting | %s |
                    | after the restart | %s |
                    %s
                    <!-- cluster-scale:end -->
                    """.formatted(AGENTS, BenchResults.runStamp(), AGENTS,
                    stillRunning == null ? "" : " **Run in progress, " + stillRunning + ": the rows below are what it "
                            + "had measured when this was written.**",
                    proxies, AGENTS, enrolled, enrollSeconds, reached, AGENTS, connectSeconds, spread,
                    rows.isEmpty() ? "| (nothing yet) | | |" : String.join("\n", rows), reached, STEADY.toSeconds(),
                    "node-1 | node-2 | node-3 | HAProxy | PostgreSQL", steady, after,
                    notes.isEmpty() ? "" : "\n" + notes.toString().stripTrailing() + "\n");
            BenchResults.writeSection("cluster-scale", section);
        }
    }

    /** Enrolls AGENTS servers through the load balancer's /agent/enroll, 16 at a time. */
    private List<AgentFleet.Member> enroll(byte[] credentials, String url) throws Exception {
        List<AgentFleet.Member> members = new CopyOnWriteArrayList<>();
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            String name = String.format(Locale.ROOT, "scale-%05d", i);
            KeyPair keys = AgentKeys.generate();
            EnrollmentRequest request = EnrollmentRequest.sign(credentials, name, "Windows Server 2022", "10.0.20348",
                    "0.1.0", keys.getPublic(), keys.getPrivate(), Instant.now());
            inFlight.acquire();
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url + "agent/enroll"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(codec.mapper().writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                        inFlight.release();
                        if (error == null && response.statusCode() == 200) {
                            EnrollmentResult result = codec.mapper().readValue(response.body(), EnrollmentResult.class);
                            members.add(new AgentFleet.Member(result.serverId(), name, keys));
                        } else {
                            throw new IllegalStateException("enrollment of " + name + " refused: "
                                    + (error != null ? error : response.statusCode() + " " + response.body()));
                        }
                    }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
        List<AgentFleet.Member> sorted = new ArrayList<>(members);
        sorted.sort(java.util.Comparator.comparing(AgentFleet.Member::name));
        return sorted;
    }

    private String holders() {
        return postgres.query(DB, "select node_id || ' ' || count(*) from agent_holder group by node_id order by node_id")
                .stream().collect(Collectors.joining(", "));
    }

    private List<UUID> heldBy(String node, int count) {
        return postgres.query(DB, "select server_id from agent_holder where node_id = '" + node + "' limit " + count)
                .stream().map(UUID::fromString).toList();
    }

    /** RSS and CPU of each node, the first HAProxy and PostgreSQL over STEADY, as one table row's cells. */
    private String steadyLoad(AgentFleet agents, List<ScaleHaproxy> haproxy) throws InterruptedException {
        List<Long> pids = new ArrayList<>();
        for (ConsoleProcess node : nodes) {
            pids.add(node.process().pid());
        }
        pids.add(haproxy.getFirst().pid());
        long postmaster = ProcessLoad.postmasterOn(postgres.port());
        pids.add(postmaster);
        List<ProcessLoad> before = pids.stream().map(p -> p == postmaster ? ProcessLoad.ofTree(p) : ProcessLoad.of(p))
                .toList();
        int heartbeats = agents.heartbeatsSent();
        Thread.sleep(STEADY.toMillis());
        List<ProcessLoad> now = pids.stream().map(p -> p == postmaster ? ProcessLoad.ofTree(p) : ProcessLoad.of(p))
                .toList();
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < pids.size(); i++) {
            cells.add(String.format(Locale.ROOT, "%.0f MiB, %.0f%% CPU", now.get(i).rssMib(),
                    now.get(i).cpuPercentSince(before.get(i))));
        }
        notes.append(String.format(Locale.ROOT, "- %d heartbeats sent in a %d s window with %d agents connected.%n",
                agents.heartbeatsSent() - heartbeats, STEADY.toSeconds(), agents.connected()));
        return String.join(" | ", cells);
    }

    /** POSTs Back Up Now for {@code servers} to node 1 itself; returns the job ids. */
    private List<String> issueOnNodeOne(Collection<UUID> servers, String token) throws Exception {
        String body = codec.mapper().writeValueAsString(Map.of("serverIds", servers, "item", "SYSTEM_STATE"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ports[0] + "/api/v1/backups"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        codec.mapper().readTree(response.body()).forEach(job -> ids.add(job.path("id").asString()));
        return ids;
    }

    private String backUpNow(AgentFleet agents, List<UUID> servers, String token, String where) throws Exception {
        agents.clearArrivals();
        int duplicatesBefore = agents.duplicates();
        long start = System.nanoTime();
        List<String> jobs = issueOnNodeOne(servers, token);
        double returned = (System.nanoTime() - start) / 1e6;
        boolean all = agents.awaitArrivals(servers.size(), Duration.ofMinutes(2));
        double[] arrivals = agents.arrivals().values().stream().mapToDouble(a -> (a.nanoTime() - start) / 1e6)
                .sorted().toArray();
        String outcome = jobOutcome(jobs, Duration.ofMinutes(3));
        return String.format(Locale.ROOT, "| Back Up Now for %d servers (%s) issued on node 1: request returned, "
                        + "median, last agent | %.0f ms, %.0f ms, **%s** (%d of %d received, %d received twice); jobs: %s "
                        + "| last ≤ 2,000 ms: %s |",
                servers.size(), where, returned, arrivals.length == 0 ? 0 : arrivals[arrivals.length / 2],
                arrivals.length == 0 ? "none" : String.format(Locale.ROOT, "%.0f ms", arrivals[arrivals.length - 1]),
                arrivals.length, servers.size(), agents.duplicates() - duplicatesBefore, outcome,
                all && arrivals[arrivals.length - 1] <= 2000 ? "met" : "MISSED");
    }

    /** Waits until the jobs are no longer queued or running; tells how they ended and how many rows each server has. */
    private String jobOutcome(List<String> jobIds, Duration within) throws InterruptedException {
        String in = jobIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        long deadline = System.nanoTime() + within.toNanos();
        List<String> counts;
        do {
            counts = postgres.query(DB, "select status || ' ' || count(*) from backup_job where id in (" + in
                    + ") group by status order by status");
            if (counts.stream().noneMatch(c -> c.startsWith("QUEUED") || c.startsWith("IN_PROGRESS"))) {
                break;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        return String.join(", ", counts);
    }

    private String killOneNode(AgentFleet agents, ScaleHaproxy proxy, String token) throws Exception {
        List<UUID> onNodeThree = heldBy("node-3", TRIGGERED);
        int connectedBefore = agents.connected();
        int duplicatesBefore = agents.duplicates();
        agents.clearArrivals();
        PageTimer pages = new PageTimer(proxy.url(), token);
        Thread timer = Thread.ofPlatform().daemon().name("page-timer").start(pages);
        Thread.sleep(5_000); // a few answers before
        List<String> jobs = issueOnNodeOne(onNodeThree, token);
        long killedAt = System.nanoTime();
        nodes[2].process().kill();
        boolean back = agents.awaitConnected(connectedBefore, Duration.ofMinutes(4));
        double reconnectSeconds = (System.nanoTime() - killedAt) / 1e9;
        boolean allReceived = agents.awaitArrivals(onNodeThree.size(), Duration.ofMinutes(2));
        double lastArrival = agents.arrivals().values().stream().mapToDouble(a -> (a.nanoTime() - killedAt) / 1e9)
                .max().orElse(-1);
        String outcome = jobOutcome(jobs, Duration.ofMinutes(3));
        String perServer = postgres.query(DB, "select count(*) || ' jobs for ' || count(distinct server_id) || ' servers'"
                + " from backup_job where id in (" + jobs.stream().map(id -> "'" + id + "'")
                .collect(Collectors.joining(",")) + ")").getFirst();
        Thread.sleep(5_000);
        pages.stop.set(true);
        timer.join(10_000);
        String spread = holders();
        nodes[2] = startNode(2); // back for the restart round
        return String.format(Locale.ROOT, "| kill -9 of node 3 right after Back Up Now for %d of its servers was issued "
                        + "on node 1: its agents reconnected to the others | %s after %.0f s (%d of %d connected; then %s) "
                        + "| ≤ 120 s: %s |%n"
                        + "| … the %d jobs: each received once, none lost | %d of %d received (last %.0f s after the kill), "
                        + "%d received again and ignored by the agent; %s; %s | no job lost or run twice: %s |%n"
                        + "| … pages through HAProxy meanwhile (`GET /login`, `GET /api/v1/servers?limit=50`, every 250 ms) "
                        + "| %s | each ≤ 1 s: %s |",
                onNodeThree.size(), back ? "all back" : "NOT all back", reconnectSeconds, agents.connected(),
                connectedBefore, spread, back && reconnectSeconds <= 120 ? "met" : "MISSED",
                onNodeThree.size(), agents.arrivals().size(), onNodeThree.size(), lastArrival,
                agents.duplicates() - duplicatesBefore, outcome, perServer,
                allReceived && outcome.equals("COMPLETED " + onNodeThree.size())
                        && perServer.startsWith(onNodeThree.size() + " jobs for " + onNodeThree.size()) ? "met" : "MISSED",
                pages.summary(), pages.worstMillis() <= 1000 && pages.failures() == 0 ? "met" : "MISSED");
    }

    private String restartAll(AgentFleet agents) throws Exception {
        int connectedBefore = agents.connected();
        long stopAt = System.nanoTime();
        // stopped together, as `systemctl restart` of every node's unit does (one after the other, each node's
        // graceful stop of ~20 s with 3,333 agents made the outage, and so the agents' reconnect waits, 3 times longer)
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (ConsoleProcess node : nodes) {
            stopping.add(CompletableFuture.runAsync(node::stop));
        }
        CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        double downSeconds = (System.nanoTime() - stopAt) / 1e9;
        // started together (the keys are in the database now, so no node has to be first)
        AtomicLong firstServing = new AtomicLong(Long.MAX_VALUE);
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            starting.add(CompletableFuture.runAsync(() -> {
                nodes[n] = startNode(n);
                firstServing.accumulateAndGet(System.nanoTime(), Math::min);
            }));
        }
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).get(15, TimeUnit.MINUTES);
        long firstUp = firstServing.get();
        double allUp = (System.nanoTime() - stopAt) / 1e9;
        boolean back = agents.awaitConnected(connectedBefore, Duration.ofMinutes(5));
        double fromStop = (System.nanoTime() - stopAt) / 1e9;
        double fromFirstUp = (System.nanoTime() - firstUp) / 1e9;
        return String.format(Locale.ROOT, "| all three nodes restarted (stopped together in %.0f s, then started together, "
                        + "all serving %.0f s after the stop began): agents back | %s: %.0f s after the stop began, %.0f s "
                        + "after the first node served again (%d of %d; %s) | ≤ 120 s: %s |",
                downSeconds, allUp, back ? "all back" : "NOT all back", fromStop, fromFirstUp, agents.connected(),
                connectedBefore, holders(), back && fromFirstUp <= 120 ? "met (from the first node up)" : "MISSED");
    }

    /** Times a real page and an API read through HAProxy, every 250 ms, until stopped. */
    private final class PageTimer implements Runnable {
        final String url;
        final String token;
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Double> millis = new CopyOnWriteArrayList<>();
        final List<String> problems = new CopyOnWriteArrayList<>();

        PageTimer(String url, String token) {
            this.url = url;
            this.token = token;
        }

        @Override
        public void run() {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            while (!stop.get()) {
                time(client, HttpRequest.newBuilder(URI.create(url + "login")));
                time(client, HttpRequest.newBuilder(URI.create(url + "api/v1/servers?limit=50"))
                        .header("Authorization", "Bearer " + token));
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void time(HttpClient client, HttpRequest.Builder request) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                millis.add((System.nanoTime() - start) / 1e6);
                if (response.statusCode() != 200) {
                    problems.add(String.valueOf(response.statusCode()));
                }
            } catch (Exception e) {
                millis.add((System.nanoTime() - start) / 1e6);
                problems.add(e.getClass().getSimpleName());
            }
        }

        double worstMillis() {
            return millis.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        int failures() {
            return problems.size();
        }

        String summary() {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (sorted.length == 0) {
                return "no answers";
            }
            long over = millis.stream().filter(m -> m > 1000).count();
            return String.format(Locale.ROOT, "%d requests: median %.0f ms, 95th %.0f ms, worst %.0f ms; %d over 1 s; %d "
                            + "failed%s", sorted.length, sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.95)],
                    sorted[sorted.length - 1], over, problems.size(),
                    problems.isEmpty() ? "" : " (" + String.join(", ", problems.subList(0, Math.min(5, problems.size()))) + ")");
        }
    }
}
