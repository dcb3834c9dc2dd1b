package io.vaultfleet.console.fleet;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.recovery.RecoveryPoint;
import io.vaultfleet.console.recovery.RecoveryPointCatalog;
import io.vaultfleet.protocol.Delivered;
import io.vaultfleet.protocol.ErrorCode;
import io.vaultfleet.protocol.ErrorReply;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.RecoveryPointCreated;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;
import io.vaultfleet.testsupport.RawWebSocket;

/** A reliable report is stored once however often it arrives, and every copy gets a receipt. */
@ConsoleTest
class ReliableReportTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ProtocolCodec codec = new ProtocolCodec();

    @LocalServerPort
    int port;

    @Autowired
    SecurityContextHolderStrategy security;

    @Autowired
    FleetService fleet;

    @Autowired
    RecoveryPointCatalog catalog;

    @Autowired
    io.vaultfleet.console.TestVaults vaults;

    @Test
    void aReportSentAgainAfterAReconnectIsStoredOnce() {
        var keys = AgentKeys.generate();
        var vault = vaults.create("reports");
        RegisteredServer server = fleet.recordEnrollment(vault.id(), "reporter-01", "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(keys.getPublic()));
        List<String> packs = IntStream.range(0, 2_000).mapToObj(i -> "%064x".formatted(i)).toList();
        RecoveryPointCreated report = new RecoveryPointCreated(UUID.randomUUID().toString(), "rp-0001",
                "SYSTEM_STATE", Instant.parse("2026-11-25T02:00:00Z"), 120_000, 12_000_000_000L, 9_000_000_000L,
                3_000_000_000L, packs);

        for (int attempt = 0; attempt < 2; attempt++) {
            try (RawWebSocket ws = RawWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/agent/ws"),
                    Map.of(ConnectProof.HEADER, ConnectProof.create(server.id(), keys.getPrivate(), Instant.now()).toHeader()))) {
                ws.send(codec.encode(new Hello("0.1.0", "reporter-01", "Linux", "6.1", 1)));
                codec.decodeFromConsole(ws.next(WAIT));
                ws.send(codec.encode(report.deliveryId(), report, null));
                Inbound receipt = codec.decodeFromConsole(ws.next(WAIT));
                assertThat(receipt.message()).isEqualTo(new Delivered(report.deliveryId()));
                assertThat(receipt.replyTo()).isEqualTo(report.deliveryId());
            }
        }

        List<RecoveryPoint> points = runAs(security, Role.READER, () -> catalog.forServer(server.id()));
        assertThat(points).hasSize(1);
        RecoveryPoint point = points.getFirst();
        assertThat(point.recoveryPointId()).isEqualTo("rp-0001");
        assertThat(point.item()).isEqualTo("SYSTEM_STATE");
        assertThat(point.packCount()).isEqualTo(2_000);
        assertThat(point.newBytes()).isEqualTo(9_000_000_000L);
    }

    @Test
    void aReportWhoseFrameIdIsNotItsDeliveryIdIsRefused() {
        try (RawWebSocket ws = RawWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/agent/ws"),
                Map.of(ConnectProof.HEADER, enrolledProof()))) {
            ws.send(codec.encode(new Hello("0.1.0", "reporter-02", "Linux", "6.1", 1)));
            codec.decodeFromConsole(ws.next(WAIT));
            RecoveryPointCreated report = new RecoveryPointCreated("d-1", "rp-1", "FILES_AND_FOLDERS", Instant.now(),
                    1, 1, 1, 0, List.of());
            ws.send(codec.encode("other-id", report, null));
            Inbound reply = codec.decodeFromConsole(ws.next(WAIT));
            assertThat(reply.message()).isInstanceOfSatisfying(ErrorReply.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD));
        }
    }

    private String enrolledProof() {
        var keys = AgentKeys.generate();
        RegisteredServer server = fleet.recordEnrollment(null, "reporter-02", "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(keys.getPublic()));
        return ConnectProof.create(server.id(), keys.getPrivate(), Instant.now()).toHeader();
    }
}
