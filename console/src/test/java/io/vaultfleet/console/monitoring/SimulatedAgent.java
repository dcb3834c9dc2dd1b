package io.vaultfleet.console.monitoring;

import java.net.URI;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.Delivered;
import io.vaultfleet.protocol.Heartbeat;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;
import io.vaultfleet.testsupport.RawWebSocket;

/**
 * An enrolled agent speaking the real protocol over the console's WebSocket endpoint: it connects with its own key,
 * receives Back Up Now requests and reports progress and results exactly as the fleet agent does.
 */
final class SimulatedAgent implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ProtocolCodec codec = new ProtocolCodec();
    private final UUID serverId;
    private final String name;
    private final KeyPair keys;
    private final int port;
    private final Clock clock;
    private RawWebSocket socket;

    private SimulatedAgent(UUID serverId, String name, KeyPair keys, int port, Clock clock) {
        this.serverId = serverId;
        this.name = name;
        this.keys = keys;
        this.port = port;
        this.clock = clock;
    }

    static SimulatedAgent enroll(FleetService fleet, UUID vaultId, String prefix, int port, Clock clock) {
        KeyPair keys = AgentKeys.generate();
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        var enrolled = (FleetService.Enrolled) fleet.enroll(vaultId, name, "Windows Server 2022", "10.0.20348",
                "0.1.0", AgentKeys.encodePublic(keys.getPublic()));
        return new SimulatedAgent(enrolled.server().id(), name, keys, port, clock);
    }

    UUID id() {
        return serverId;
    }

    String name() {
        return name;
    }

    SimulatedAgent connect(String agentVersion) {
        socket = RawWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/agent/ws"),
                Map.of(ConnectProof.HEADER, ConnectProof.create(serverId, keys.getPrivate(), clock.instant()).toHeader()));
        socket.send(codec.encode(new Hello(agentVersion, name, "Windows Server 2022", "10.0.20348", 1)));
        codec.decodeFromConsole(socket.next(WAIT)); // welcome
        return this;
    }

    /** Waits for the console's Back Up Now request and returns its job id. */
    String awaitBackupNow() {
        while (true) {
            Inbound in = codec.decodeFromConsole(socket.next(WAIT));
            if (in.message() instanceof BackupNow request) {
                return request.jobId();
            }
        }
    }

    void progress(String jobId, String stage) {
        heartbeat();
        socket.send(codec.encode(new JobProgress(jobId, stage, 10, 1_000, 10_000, 100)));
    }

    /** Reports the end of a job reliably and waits for the console's receipt. */
    void finish(String jobId, String outcome, String detail) {
        JobFinished finished = new JobFinished(UUID.randomUUID().toString(), jobId, outcome, detail,
                "COMPLETED".equals(outcome) ? "rp-" + jobId : null, 10, 10_000, 5_000);
        socket.send(codec.encode(finished.deliveryId(), finished, null));
        while (true) {
            Inbound in = codec.decodeFromConsole(socket.next(WAIT));
            if (in.message() instanceof Delivered d && d.deliveryId().equals(finished.deliveryId())) {
                return;
            }
        }
    }

    void heartbeat() {
        socket.send(codec.encode(new Heartbeat(clock.instant())));
    }

    void disconnect() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
