package io.vaultfleet.console;

import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.protocol.AgentMessage;
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
import io.vaultfleet.protocol.Reliable;
import io.vaultfleet.protocol.Welcome;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;
import io.vaultfleet.testsupport.RawWebSocket;

/**
 * An agent speaking the real protocol over a real WebSocket to the test console, with an enrolled key: it proves
 * who it is, says hello, keeps its heartbeat, and lets a test read what the console sends and answer it.
 */
public final class SimulatedAgent implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ProtocolCodec codec = new ProtocolCodec();
    private int port;
    private final KeyPair keys;
    private final RegisteredServer server;
    private final List<ConsoleMessage> unread = new ArrayList<>();
    private RawWebSocket socket;
    private ScheduledExecutorService heartbeat;

    private final java.time.Clock clock;

    private SimulatedAgent(int port, KeyPair keys, RegisteredServer server, java.time.Clock clock) {
        this.port = port;
        this.keys = keys;
        this.server = server;
        this.clock = clock;
    }

    /**
     * Enrolls a server named {@code prefix-<random>} in {@code vaultId} the way the enrollment endpoint does (not
     * connected yet) whose clock is {@code clock} (the console's, when a test moves it: the agent's connect proofs
     * must agree with it).
     */
    public static SimulatedAgent enroll(FleetService fleet, UUID vaultId, String prefix, int port, java.time.Clock clock) {
        KeyPair keys = AgentKeys.generate();
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        var enrolled = (FleetService.Enrolled) fleet.enroll(vaultId, name, "Windows Server 2022", "10.0.20348",
                "0.1.0", AgentKeys.encodePublic(keys.getPublic()));
        return new SimulatedAgent(port, keys, enrolled.server(), clock);
    }

    public UUID id() {
        return server.id();
    }

    public String name() {
        return server.name();
    }

    /** Connects to the console node listening on {@code otherPort} from now on (several console nodes). */
    public SimulatedAgent connectTo(int otherPort) {
        this.port = otherPort;
        return connect();
    }

    /** Base64 of an Ed25519 signature by this agent's registered identity key (e.g. over a session key's statement). */
    public String sign(byte[] data) {
        return java.util.Base64.getEncoder().encodeToString(AgentKeys.sign(keys.getPrivate(), data));
    }

    /** A fresh {@code X-VaultFleet-Agent} proof, as for the agent's HTTP endpoints. */
    public String proofHeader() {
        return ConnectProof.create(server.id(), keys.getPrivate(), clock.instant()).toHeader();
    }

    /** Connects as agent version 0.1.0: see {@link #connect(String)}. */
    public SimulatedAgent connect() {
        return connect("0.1.0");
    }

    /** Connects, proves the key, says hello as {@code agentVersion} and starts the heartbeat; returns when welcomed. */
    public SimulatedAgent connect(String agentVersion) {
        return connect(agentVersion, WAIT);
    }

    /** As {@link #connect(String)}, waiting up to {@code welcomeWithin} for the welcome (a burst of hellos). */
    public SimulatedAgent connect(String agentVersion, Duration welcomeWithin) {
        disconnect();
        socket = RawWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/agent/ws"),
                Map.of(ConnectProof.HEADER, ConnectProof.create(server.id(), keys.getPrivate(), clock.instant()).toHeader()),
                welcomeWithin);
        send(new Hello(agentVersion, server.name(), "Windows Server 2022", "10.0.20348", ProtocolCodec.PROTOCOL_VERSION));
        next(Welcome.class, welcomeWithin);
        heartbeat = Executors.newSingleThreadScheduledExecutor();
        heartbeat.scheduleWithFixedDelay(() -> {
            try {
                heartbeat();
            } catch (RuntimeException e) {
                // the connection is going away; the test notices
            }
        }, 300, 300, TimeUnit.MILLISECONDS);
        return this;
    }

    public void heartbeat() {
        send(new Heartbeat(clock.instant()));
    }

    /** Waits for the console's Back Up Now request and returns its job id. */
    public String awaitBackupNow() {
        return next(BackupNow.class).jobId();
    }

    /** Reports progress in {@code stage}, named as on the wire ({@link JobStage}'s names). */
    public void progress(String jobId, String stage) {
        progress(jobId, JobStage.valueOf(stage));
    }

    public void progress(String jobId, JobStage stage) {
        send(new JobProgress(jobId, stage, 10, 1_000, 10_000, 100));
    }

    /** Reports the end of a job reliably and waits for the console's receipt ({@link JobOutcome}'s names). */
    public void finish(String jobId, String outcome, String detail) {
        finish(jobId, JobOutcome.valueOf(outcome), detail);
    }

    public void finish(String jobId, JobOutcome outcome, String detail) {
        deliver(new JobFinished(UUID.randomUUID().toString(), jobId, outcome, detail,
                outcome.succeeded() ? "rp-" + jobId : null, 10, 10_000, 5_000));
    }

    /** Sends a reliable report and waits for the console's receipt. */
    public <T extends AgentMessage & Reliable> void deliver(T report) {
        send(report);
        while (!next(Delivered.class).deliveryId().equals(report.deliveryId())) {
            // an earlier report's receipt
        }
    }

    /**
     * Sends a reliable report and returns the console's answer to it: {@link Delivered}, or the
     * {@link io.vaultfleet.protocol.ErrorReply} of a report it could not take.
     */
    public <T extends AgentMessage & Reliable> io.vaultfleet.protocol.Message offer(T report) {
        send(report);
        return answerTo(report.deliveryId());
    }

    /** Sends {@code frame} exactly as given (a test's malformed or foreign frame). */
    public synchronized void sendRaw(String frame) {
        socket.send(frame);
    }

    /** The console's answer to the frame with this id ({@link Delivered}, an error, …). */
    public io.vaultfleet.protocol.Message answerTo(String frameId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var inbound = codec.decodeFromConsole(socket.next(WAIT));
            if (frameId.equals(inbound.replyTo())) {
                return inbound.message();
            }
            if (inbound.message() instanceof ConsoleMessage m && !(m instanceof io.vaultfleet.protocol.HeartbeatAck)
                    && !(m instanceof Delivered)) {
                unread.add(m);
            }
        }
        throw new AssertionError(server.name() + " got no answer to frame " + frameId + " within " + WAIT);
    }

    /** Drops the connection as a crashed agent or a cut network would. */
    public void disconnect() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    public synchronized void send(AgentMessage message) {
        if (message instanceof Reliable reliable) {
            socket.send(codec.encode(reliable.deliveryId(), message, null));
        } else {
            socket.send(codec.encode(message));
        }
    }

    /**
     * How many messages of this type the console sends within {@code period} (those already read but not taken count
     * too), read to the end of the period; others are kept for {@link #next}.
     */
    public int countWithin(Class<? extends ConsoleMessage> type, Duration period) {
        int count = (int) unread.stream().filter(type::isInstance).count();
        unread.removeIf(type::isInstance);
        long deadline = System.nanoTime() + period.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return count;
            }
            String frame;
            try {
                frame = socket.next(Duration.ofNanos(left));
            } catch (AssertionError quiet) {
                return count; // nothing more within the period
            }
            ConsoleMessage m = (ConsoleMessage) codec.decodeFromConsole(frame).message();
            if (type.isInstance(m)) {
                count++;
            } else if (!(m instanceof io.vaultfleet.protocol.HeartbeatAck) && !(m instanceof Delivered)) {
                unread.add(m);
            }
        }
    }

    /** The next message of this type the console sends, skipping others (acks, receipts). */
    public <T extends ConsoleMessage> T next(Class<T> type) {
        return next(type, WAIT);
    }

    /** As {@link #next(Class)}, waiting up to {@code wait}. */
    public <T extends ConsoleMessage> T next(Class<T> type, Duration wait) {
        for (var it = unread.iterator(); it.hasNext(); ) {
            ConsoleMessage m = it.next();
            if (type.isInstance(m)) {
                it.remove();
                return type.cast(m);
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            var message = codec.decodeFromConsole(socket.next(wait)).message();
            if (!(message instanceof ConsoleMessage m)) {
                throw new AssertionError(server.name() + " was answered " + message + " while waiting for "
                        + type.getSimpleName());
            }
            if (type.isInstance(m)) {
                return type.cast(m);
            }
            if (!(m instanceof io.vaultfleet.protocol.HeartbeatAck) && !(m instanceof Delivered)) {
                unread.add(m);
            }
        }
        throw new AssertionError(server.name() + " received no " + type.getSimpleName() + " within " + wait);
    }

    @Override
    public void close() {
        disconnect();
    }
}
