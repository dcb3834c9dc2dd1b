package io.vaultfleet.console.fleet;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.protocol.ErrorCode;
import io.vaultfleet.protocol.ErrorReply;
import io.vaultfleet.protocol.Heartbeat;
import io.vaultfleet.protocol.HeartbeatAck;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.Welcome;
import io.vaultfleet.testsupport.RawWebSocket;

/**
 * The agent endpoint under abuse: every bad frame gets a specific error reply, oversized frames and floods close
 * only the offending connection, and the endpoint keeps serving a well-behaved agent.
 */
@ConsoleTest
@TestPropertySource(properties = "vaultfleet.agents.allow-unregistered=true")
class AgentChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ProtocolCodec codec = new ProtocolCodec();

    @LocalServerPort
    int port;

    @Autowired
    org.springframework.security.core.context.SecurityContextHolderStrategy security;

    @Autowired
    FleetService fleet;

    private RawWebSocket connect() {
        return RawWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/agent/ws"));
    }

    private ErrorReply expectError(RawWebSocket ws, ErrorCode code, String replyTo) {
        Inbound reply = codec.decodeFromConsole(ws.next(WAIT));
        assertThat(reply.message()).isInstanceOf(ErrorReply.class);
        ErrorReply error = (ErrorReply) reply.message();
        assertThat(error.code()).as(error.message()).isEqualTo(code);
        assertThat(reply.replyTo()).isEqualTo(replyTo);
        return error;
    }

    @Test
    void answersEachBadFrameWithASpecificErrorAndThenServesTheAgent() {
        try (RawWebSocket ws = connect()) {
            ws.send("{this is not json");
            assertThat(expectError(ws, ErrorCode.MALFORMED_FRAME, null).message()).contains("not valid JSON");

            ws.send("{\"v\":1,\"type\":\"install-ransomware\",\"id\":\"u1\",\"payload\":{}}");
            assertThat(expectError(ws, ErrorCode.UNKNOWN_TYPE, "u1").message()).contains("install-ransomware");

            ws.send("{\"v\":7,\"type\":\"hello\",\"id\":\"v7\",\"payload\":{}}");
            expectError(ws, ErrorCode.UNSUPPORTED_VERSION, "v7");

            ws.send("{\"v\":1,\"type\":\"hello\",\"id\":\"p1\",\"payload\":{\"agentVersion\":\"0.1.0\"}}");
            expectError(ws, ErrorCode.INVALID_PAYLOAD, "p1");

            ws.sendBinary(new byte[] {1, 2, 3});
            assertThat(expectError(ws, ErrorCode.MALFORMED_FRAME, null).message()).contains("binary");

            ws.send(codec.encode("h0", new Heartbeat(Instant.now()), null));
            assertThat(expectError(ws, ErrorCode.NOT_ALLOWED, "h0").message()).contains("must be 'hello'");

            Welcome welcome = sayHello(ws, "abused-01");
            ws.send(codec.encode("h1", new Heartbeat(Instant.now()), null));
            Inbound ack = codec.decodeFromConsole(ws.next(WAIT));
            assertThat(ack.message()).isInstanceOf(HeartbeatAck.class);
            assertThat(ack.replyTo()).isEqualTo("h1");
            assertThat(statusOf(welcome)).isEqualTo(ServerStatus.ONLINE);
            assertThat(ws.isClosed()).isFalse();
        }
    }

    @Test
    void closesAConnectionThatSendsAnOversizedFrameAndServesTheNextOne() {
        try (RawWebSocket ws = connect()) {
            String huge = "{\"v\":1,\"type\":\"hello\",\"id\":\"big\",\"payload\":{\"pad\":\""
                    + "x".repeat(ProtocolCodec.DEFAULT_MAX_FRAME_CHARS + 10) + "\"}}";
            ws.send(huge);
            assertThat(expectError(ws, ErrorCode.FRAME_TOO_LARGE, null).message()).contains("over the limit");
            assertThat(ws.closeCode(WAIT)).isEqualTo(1009);
        }
        try (RawWebSocket next = connect()) {
            Welcome welcome = sayHello(next, "after-oversize-01");
            assertThat(statusOf(welcome)).isEqualTo(ServerStatus.ONLINE);
        }
    }

    /**
     * The container hands frames over in parts of {@link AgentChannelConfiguration#TEXT_BUFFER_CHARS} characters (its
     * per-connection buffers are what a node holds per agent): a frame many parts long is reassembled and served,
     * and the frames after it on the same connection are read whole again.
     */
    @Test
    void servesAFrameLargerThanTheContainersBufferAndTheFramesAfterIt() {
        try (RawWebSocket ws = connect()) {
            String hello = codec.encode("hello-large", new Hello("0.1.0", "large-frame-01", "Linux", "6.1",
                    ProtocolCodec.PROTOCOL_VERSION), null);
            // JSON allows whitespace between tokens: the same hello, 12 parts long
            String padded = hello.substring(0, 1) + " ".repeat(12 * AgentChannelConfiguration.TEXT_BUFFER_CHARS)
                    + hello.substring(1);
            ws.send(padded);
            Inbound reply = codec.decodeFromConsole(ws.next(WAIT));
            assertThat(reply.message()).isInstanceOf(Welcome.class);
            assertThat(reply.replyTo()).isEqualTo("hello-large");
            for (int i = 0; i < 3; i++) {
                ws.send(codec.encode("beat-" + i, new Heartbeat(Instant.now()), null));
                Inbound ack = codec.decodeFromConsole(ws.next(WAIT));
                assertThat(ack.message()).isInstanceOf(HeartbeatAck.class);
                assertThat(ack.replyTo()).isEqualTo("beat-" + i);
            }
            assertThat(statusOf((Welcome) reply.message())).isEqualTo(ServerStatus.ONLINE);
        }
    }

    @Test
    void disconnectsAConnectionThatFloodsBadFrames() {
        try (RawWebSocket ws = connect()) {
            for (int i = 0; i < 25 && !ws.isClosed(); i++) {
                ws.send("garbage " + i);
            }
            assertThat(ws.closeCode(WAIT)).isEqualTo(1008);
        }
        try (RawWebSocket next = connect()) {
            sayHello(next, "after-flood-01");
        }
    }

    @Test
    void marksAnAgentThatStopsHeartbeatingOffline() {
        RawWebSocket ws = connect();
        Welcome welcome = sayHello(ws, "silent-01");
        assertThat(welcome.heartbeatSeconds()).isEqualTo(1);
        assertThat(welcome.minimumAgentVersion()).isEqualTo("0.0.0");
        assertThat(welcome.requiresUpgrade("0.1.0")).isFalse();
        // heartbeat every second, three missed: the console drops the link with its own code
        assertThat(ws.closeCode(WAIT)).isEqualTo(4000);
        Awaitility.await().atMost(WAIT).until(() -> statusOf(welcome) == ServerStatus.OFFLINE);
        ws.close();
    }

    @Test
    void aSecondConnectionOfTheSameServerReplacesTheFirst() {
        try (RawWebSocket first = connect(); RawWebSocket second = connect()) {
            sayHello(first, "twice-01");
            Welcome again = sayHello(second, "twice-01");
            assertThat(first.closeCode(WAIT)).isEqualTo(4001);
            assertThat(statusOf(again)).isEqualTo(ServerStatus.ONLINE);
        }
    }

    private Welcome sayHello(RawWebSocket ws, String host) {
        ws.send(codec.encode("hello-" + host, new Hello("0.1.0", host, "Linux", "6.1", ProtocolCodec.PROTOCOL_VERSION), null));
        Inbound reply = codec.decodeFromConsole(ws.next(WAIT));
        assertThat(reply.message()).as(reply.envelope().payload().toString()).isInstanceOf(Welcome.class);
        assertThat(reply.replyTo()).isEqualTo("hello-" + host);
        return (Welcome) reply.message();
    }

    private ServerStatus statusOf(Welcome welcome) {
        return runAs(security, Role.READER, () -> fleet.find(UUID.fromString(welcome.serverId())).orElseThrow().status());
    }
}
