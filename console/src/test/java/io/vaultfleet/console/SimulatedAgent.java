package io.vaultfleet.console;

import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
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
import io.vaultfleet.protocol.ConsoleMessage;
import io.vaultfleet.protocol.Heartbeat;
import io.vaultfleet.protocol.Hello;
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
    private final int port;
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
     * Enrolls a server named {@code name} in {@code vaultId} (not connected yet) whose clock is {@code clock} (the
     * console's, when a test moves it: the agent's connect proofs must agree with it).
     */
    public static SimulatedAgent enrolled(FleetService fleet, int port, UUID vaultId, String name, java.time.Clock clock) {
        KeyPair keys = AgentKeys.generate();
        RegisteredServer server = fleet.recordEnrollment(vaultId, name, "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(keys.getPublic()));
        return new SimulatedAgent(port, keys, server, clock);
    }

    public UUID id() {
        return server.id();
    }

    public String name() {
        return server.name();
    }

    /** Connects, proves the key, says hello and starts the heartbeat; returns when welcomed. */
    public SimulatedAgent connect() {
        socket = RawWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/agent/ws"),
                Map.of(ConnectProof.HEADER, ConnectProof.create(server.id(), keys.getPrivate(), clock.instant()).toHeader()));
        send(new Hello("0.1.0", server.name(), "Linux", "6.1", ProtocolCodec.PROTOCOL_VERSION));
        next(Welcome.class);
        heartbeat = Executors.newSingleThreadScheduledExecutor();
        heartbeat.scheduleWithFixedDelay(() -> {
            try {
                send(new Heartbeat(clock.instant()));
            } catch (RuntimeException e) {
                // the connection is going away; the test notices
            }
        }, 300, 300, TimeUnit.MILLISECONDS);
        return this;
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

    /** The next message of this type the console sends, skipping others (acks, receipts). */
    public <T extends ConsoleMessage> T next(Class<T> type) {
        for (var it = unread.iterator(); it.hasNext(); ) {
            ConsoleMessage m = it.next();
            if (type.isInstance(m)) {
                it.remove();
                return type.cast(m);
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ConsoleMessage m = (ConsoleMessage) codec.decodeFromConsole(socket.next(WAIT)).message();
            if (type.isInstance(m)) {
                return type.cast(m);
            }
            if (!(m instanceof io.vaultfleet.protocol.HeartbeatAck) && !(m instanceof io.vaultfleet.protocol.Delivered)) {
                unread.add(m);
            }
        }
        throw new AssertionError(server.name() + " received no " + type.getSimpleName() + " within " + WAIT);
    }

    @Override
    public void close() {
        disconnect();
    }
}
