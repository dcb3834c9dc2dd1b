package io.vaultfleet.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.ConsoleMessage;
import io.vaultfleet.protocol.Delivered;
import io.vaultfleet.protocol.Heartbeat;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.Welcome;
import io.vaultfleet.protocol.identity.ConnectProof;
import io.vaultfleet.protocol.retry.ExponentialBackoff;

/**
 * Many agents in one JVM for the benchmarks (issue 8's one console, issue 22's several nodes): each is an enrolled
 * identity that opens a real WebSocket with a signed connect proof, says hello, waits for its welcome, sends a
 * heartbeat every {@code heartbeat} (staggered, as real agents started at different times are), and receives what
 * the console sends. A {@code backup-now} is recorded with the time it arrived and answered, as the real agent does
 * when a job starts, with {@code job-progress PRECHECK} (which acknowledges the command: docs/decisions/031); a job id
 * received again is counted as a duplicate and not run again (the real agent's rule). With {@code answerJobs} each
 * new job also ends ({@link Options#jobTakes} later): a reliable {@code job-finished COMPLETED}, sent again after a reconnect until the console's
 * {@code delivered} receipt. With {@code reconnect}, a closed connection
 * is opened again after the real agent's waits (1 s doubling to 2 min, equal jitter; decision 024).
 * <p>
 * Light by design: no thread per agent (one shared scheduler for heartbeats and reconnects, a few HTTP clients whose
 * selector threads carry all the sockets), so one JVM holds 10,000 of them.
 */
public final class AgentFleet implements AutoCloseable {
    /** An enrolled identity: the server id its key is registered for, its name and its key pair. */
    public record Member(UUID serverId, String name, KeyPair keys) {
    }

    /** How the agents behave. {@code heartbeat} null: none sent. */
    /**
     * @param jobTakes how long after its Back Up Now a job's {@code job-finished} is sent (with {@code answerJobs});
     *                 zero sends it at once. A real backup takes minutes: a fleet that finishes 1,000 jobs within
     *                 the millisecond of their commands loads the console with their results while the deliveries
     *                 are being timed.
     */
    public record Options(Duration heartbeat, boolean answerJobs, boolean reconnect, Duration jobTakes) {
        public Options(Duration heartbeat, boolean answerJobs, boolean reconnect) {
            this(heartbeat, answerJobs, reconnect, Duration.ZERO);
        }
    }

    /** Arrival of one Back Up Now at one agent. */
    public record Arrival(UUID serverId, String jobId, long nanoTime) {
    }

    private static final ExponentialBackoff RECONNECT = new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofMinutes(2));
    private static final int AGENTS_PER_CLIENT = 1_000;

    private final ProtocolCodec codec = new ProtocolCodec();
    private final List<Agent> agents = new ArrayList<>();
    private final List<HttpClient> clients = new ArrayList<>();
    private final IntFunction<URI> endpoint;
    private final Options options;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().daemon().name("agent-fleet-timer-", 0).factory());
    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger welcomes = new AtomicInteger();
    private final AtomicInteger heartbeatsSent = new AtomicInteger();
    private volatile boolean closing;
    private final List<ExecutorService> executors = new ArrayList<>();

    /**
     * @param endpoint the agent endpoint ({@code ws://host:port/agent/ws}) the agent at this index connects to,
     *                 every time (a load balancer's address, or one node's)
     */
    public AgentFleet(List<Member> members, IntFunction<URI> endpoint, Options options) {
        this.endpoint = endpoint;
        this.options = options;
        for (int i = 0; i < members.size(); i++) {
            if (i % AGENTS_PER_CLIENT == 0) {
                ExecutorService executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon()
                        .name("agent-fleet-http-" + clients.size() + "-", 0).factory());
                executors.add(executor); // HttpClient.shutdownNow does not stop an executor it was given
                clients.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).executor(executor).build());
            }
            agents.add(new Agent(i, members.get(i), clients.getLast()));
        }
    }

    public int size() {
        return agents.size();
    }

    /**
     * Connects every agent, {@code atOnce} handshakes in flight at a time, and waits until each is welcomed (or
     * {@code timeout} passes). Returns how many are welcomed.
     */
    public int connectAll(int atOnce, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore inFlight = new Semaphore(atOnce);
        for (Agent agent : agents) {
            try {
                if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            agent.connect().orTimeout(60, TimeUnit.SECONDS).whenComplete((ok, error) -> inFlight.release());
        }
        awaitConnected(agents.size(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        return connected();
    }

    /** Waits until at least {@code count} agents are welcomed on an open connection; returns whether they are. */
    public boolean awaitConnected(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connected() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(100);
        }
        return true;
    }

    /** Agents welcomed on a connection that is still open. */
    public int connected() {
        int n = 0;
        for (Agent agent : agents) {
            if (agent.welcomed) {
                n++;
            }
        }
        return n;
    }

    /** Welcomes received since the start (a reconnect counts again). */
    public int welcomes() {
        return welcomes.get();
    }

    public int heartbeatsSent() {
        return heartbeatsSent.get();
    }

    /** The Back Up Now commands received so far, by job id (each once). */
    public Map<String, Arrival> arrivals() {
        return Map.copyOf(arrivals);
    }

    /** Back Up Now commands received again for a job id already received (the agent did not run them again). */
    public int duplicates() {
        return duplicates.get();
    }

    /** Waits until the agents have received {@code count} distinct Back Up Now jobs in all. */
    public boolean awaitArrivals(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (arrivals.size() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(20);
        }
        return true;
    }

    /** Forgets the arrivals recorded so far (between rounds). */
    public void clearArrivals() {
        arrivals.clear();
    }

    public List<Member> members() {
        return agents.stream().map(a -> a.member).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closing = true;
        timers.shutdownNow();
        agents.forEach(Agent::abort);
        clients.forEach(HttpClient::shutdownNow);
        executors.forEach(ExecutorService::shutdownNow);
    }

    private final class Agent implements WebSocket.Listener {
        final int index;
        final Member member;
        final HttpClient client;
        final StringBuilder partial = new StringBuilder();
        /** Reliable reports not yet receipted, by delivery id: sent again after each welcome. */
        final Map<String, String> unreceipted = new ConcurrentHashMap<>();
        volatile WebSocket socket;
        volatile boolean welcomed;
        volatile CompletableFuture<Void> welcome = new CompletableFuture<>();
        CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
        int failures;
        boolean reconnectPending;
        ScheduledFuture<?> heartbeat;

        Agent(int index, Member member, HttpClient client) {
            this.index = index;
            this.member = member;
            this.client = client;
        }

        CompletableFuture<Void> connect() {
            CompletableFuture<Void> next = new CompletableFuture<>();
            welcome = next;
            client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .header(ConnectProof.HEADER, ConnectProof.create(member.serverId(), member.keys().getPrivate(),
                            Instant.now()).toHeader())
                    .buildAsync(endpoint.apply(index), this)
                    .whenComplete((ws, error) -> {
                        if (error != null) {
                            next.completeExceptionally(error);
                            lost();
                            return;
                        }
                        socket = ws;
                        send(codec.encode(new Hello("0.1.0", member.name(), "Windows Server", "2022",
                                ProtocolCodec.PROTOCOL_VERSION)));
                    });
            return next;
        }

        /** Sends one frame after the previous one went (the JDK's WebSocket allows one send in flight). */
        synchronized void send(String frame) {
            WebSocket ws = socket;
            if (ws == null) {
                return;
            }
            sending = sending.handle((r, e) -> null).thenCompose(x -> ws.sendText(frame, true))
                    .exceptionally(e -> null);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                received((ConsoleMessage) codec.decodeFromConsole(frame).message());
            }
            ws.request(1);
            return null;
        }

        private void received(ConsoleMessage message) {
            switch (message) {
                case Welcome w -> welcomed();
                case BackupNow backUp -> backUp(backUp);
                case Delivered receipt -> unreceipted.remove(receipt.deliveryId());
                default -> { } // heartbeat acks, policies, cancels: not needed by the benchmarks
            }
        }

        private void welcomed() {
            failures = 0;
            welcomed = true;
            welcomes.incrementAndGet();
            welcome.complete(null);
            unreceipted.values().forEach(this::send);
            if (options.heartbeat() != null && heartbeat == null && !closing) {
                long period = options.heartbeat().toMillis();
                heartbeat = timers.scheduleAtFixedRate(() -> {
                    if (welcomed) {
                        heartbeatsSent.incrementAndGet();
                        send(codec.encode(new Heartbeat(Instant.now())));
                    }
                }, ThreadLocalRandom.current().nextLong(period), period, TimeUnit.MILLISECONDS);
            }
        }

        private void backUp(BackupNow request) {
            Arrival first = arrivals.putIfAbsent(request.jobId(),
                    new Arrival(member.serverId(), request.jobId(), System.nanoTime()));
            if (first != null) {
                duplicates.incrementAndGet();
                return;
            }
            // as the real agent does when a job starts; it acknowledges the command (docs/decisions/031)
            send(codec.encode(new JobProgress(request.jobId(), JobStage.PRECHECK, 0, 0, -1, 0)));
            if (options.answerJobs()) {
                String deliveryId = UUID.randomUUID().toString();
                String finished = codec.encode(deliveryId, new JobFinished(deliveryId, request.jobId(),
                        JobOutcome.COMPLETED, null, "rp-" + request.jobId(), 1, 1_000, 1_000), null);
                Runnable finish = () -> {
                    // kept until the console's receipt: sent again after a reconnect, as the real agent's outbox does
                    unreceipted.put(deliveryId, finished);
                    send(finished);
                };
                if (options.jobTakes().isZero()) {
                    finish.run();
                } else {
                    timers.schedule(finish, options.jobTakes().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            lost();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lost();
        }

        private synchronized void lost() {
            welcomed = false;
            socket = null;
            partial.setLength(0);
            if (!options.reconnect() || closing) {
                return;
            }
            if (reconnectPending) {
                return; // a failed handshake reports twice (error and failed future)
            }
            reconnectPending = true;
            failures++;
            Duration wait = RECONNECT.withEqualJitter(failures, ThreadLocalRandom.current()::nextDouble);
            try {
                timers.schedule(() -> {
                    synchronized (this) {
                        reconnectPending = false;
                    }
                    connect();
                }, wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // the fleet is closing
            }
        }

        void abort() {
            WebSocket ws = socket;
            if (ws != null) {
                ws.abort();
            }
        }
    }
}
