package io.vaultfleet.console.fleet;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.Welcome;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;
import io.vaultfleet.testsupport.RawWebSocket;

/** Enrolled agents prove their key on every connection; nothing else gets through. */
@ConsoleTest
class AgentIdentityTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ProtocolCodec codec = new ProtocolCodec();

    @LocalServerPort
    int port;

    @Autowired
    org.springframework.security.core.context.SecurityContextHolderStrategy security;

    @Autowired
    FleetService fleet;

    @Autowired
    JdbcClient jdbc;

    private KeyPair keys;
    private RegisteredServer server;

    @BeforeEach
    void enroll() {
        keys = AgentKeys.generate();
        server = fleet.recordEnrollment(null, "enrolled-" + UUID.randomUUID().toString().substring(0, 8), "Linux", "6.1",
                "0.1.0", AgentKeys.encodePublic(keys.getPublic()));
    }

    private URI endpoint() {
        return URI.create("ws://127.0.0.1:" + port + "/agent/ws");
    }

    private RawWebSocket connect(ConnectProof proof) {
        return RawWebSocket.connect(endpoint(), Map.of(ConnectProof.HEADER, proof.toHeader()));
    }

    private RawWebSocket.Refused refusal(ConnectProof proof) {
        RawWebSocket.Refused refused = catchThrowableOfType(RawWebSocket.Refused.class, () -> connect(proof).close());
        assertThat(refused).as("connection was accepted").isNotNull();
        assertThat(refused.status()).isEqualTo(401);
        return refused;
    }

    private long deniedAuditEntries(UUID serverId) {
        return jdbc.sql("select count(*) from audit_event where actor like :actor and outcome = 'DENIED'")
                .param("actor", "server:" + serverId + "@%").query(Long.class).single();
    }

    @Test
    void aValidProofConnectsAsTheEnrolledServer() {
        try (RawWebSocket ws = connect(ConnectProof.create(server.id(), keys.getPrivate(), Instant.now()))) {
            ws.send(codec.encode(new Hello("0.1.0", "whatever-the-host-says", "Linux", "6.1", 1)));
            Inbound reply = codec.decodeFromConsole(ws.next(WAIT));
            assertThat(reply.message()).isInstanceOf(Welcome.class);
            assertThat(((Welcome) reply.message()).serverId()).isEqualTo(server.id().toString());
            assertThat(runAs(security, Role.READER, () -> fleet.find(server.id()).orElseThrow().status())).isEqualTo(ServerStatus.ONLINE);
        }
    }

    @Test
    void aReplayedProofIsRefused() {
        ConnectProof proof = ConnectProof.create(server.id(), keys.getPrivate(), Instant.now());
        connect(proof).close();
        assertThat(refusal(proof).body()).contains("already used");
        assertThat(deniedAuditEntries(server.id())).isEqualTo(1);
    }

    @Test
    void aProofSignedByAnotherKeyIsRefused() {
        ConnectProof forged = ConnectProof.create(server.id(), AgentKeys.generate().getPrivate(), Instant.now());
        assertThat(refusal(forged).body()).contains("not signed by the key registered for server " + server.name());
    }

    @Test
    void anUnknownServerIsRefused() {
        UUID stranger = UUID.randomUUID();
        assertThat(refusal(ConnectProof.create(stranger, keys.getPrivate(), Instant.now())).body())
                .contains("server " + stranger + " is not registered");
    }

    @Test
    void aProofFromAServerWithAWrongClockIsRefusedWithTheSkew() {
        ConnectProof old = ConnectProof.create(server.id(), keys.getPrivate(), Instant.now().minus(Duration.ofMinutes(20)));
        assertThat(refusal(old).body()).contains("behind the console's clock").contains("correct the server's clock");
    }

    @Test
    void aMalformedHeaderIsRefusedWithTheReason() {
        RawWebSocket.Refused refused = catchThrowableOfType(RawWebSocket.Refused.class,
                () -> RawWebSocket.connect(endpoint(), Map.of(ConnectProof.HEADER, "v1 server=nope")).close());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("X-VaultFleet-Agent header is malformed");
    }

    @Test
    void unregisteringClosesTheLiveConnectionAndRefusesTheNext() {
        RawWebSocket ws = connect(ConnectProof.create(server.id(), keys.getPrivate(), Instant.now()));
        ws.send(codec.encode(new Hello("0.1.0", server.name(), "Linux", "6.1", 1)));
        codec.decodeFromConsole(ws.next(WAIT));

        assertThat(runAs(security, Role.CONTRIBUTOR, () -> fleet.unregister(server.id(), "server decommissioned"))).isTrue();
        assertThat(ws.closeCode(WAIT)).isEqualTo(4003);
        assertThat(refusal(ConnectProof.create(server.id(), keys.getPrivate(), Instant.now())).body())
                .contains("was unregistered").contains("server decommissioned");
    }
}
