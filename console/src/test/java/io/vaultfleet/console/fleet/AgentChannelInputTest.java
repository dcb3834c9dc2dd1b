package io.vaultfleet.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.protocol.ErrorCode;
import io.vaultfleet.protocol.ErrorReply;
import io.vaultfleet.protocol.Heartbeat;
import io.vaultfleet.protocol.HeartbeatAck;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.Welcome;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;
import io.vaultfleet.testsupport.RawWebSocket;

/**
 * Frames whose text decodes to invalid UTF-16 (a lone surrogate, written as a JSON escape) or to control characters:
 * an ERROR reply naming the problem, the connection stays up, and the log holds one escaped warning, no stack trace.
 */
@ConsoleTest
class AgentChannelInputTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ProtocolCodec codec = new ProtocolCodec();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger handlerLog = (Logger) LoggerFactory.getLogger(AgentChannelHandler.class);

    @LocalServerPort
    int port;

    @Autowired
    FleetService fleet;

    private KeyPair keys;
    private RegisteredServer server;

    @BeforeEach
    void enroll() {
        keys = AgentKeys.generate();
        server = fleet.recordEnrollment(null, "frames-" + UUID.randomUUID().toString().substring(0, 8), "Linux", "6.1",
                "0.1.0", AgentKeys.encodePublic(keys.getPublic()));
        log.start();
        handlerLog.addAppender(log);
    }

    @AfterEach
    void release() {
        handlerLog.detachAppender(log);
    }

    private RawWebSocket connect() {
        return RawWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/agent/ws"),
                Map.of(ConnectProof.HEADER, ConnectProof.create(server.id(), keys.getPrivate(), Instant.now()).toHeader()));
    }

    private ErrorReply error(RawWebSocket ws) {
        Inbound reply = codec.decodeFromConsole(ws.next(WAIT));
        assertThat(reply.message()).isInstanceOf(ErrorReply.class);
        return (ErrorReply) reply.message();
    }

    private void stillWorks(RawWebSocket ws) {
        ws.send(codec.encode(new Heartbeat(Instant.now())));
        assertThat(codec.decodeFromConsole(ws.next(WAIT)).message()).isInstanceOf(HeartbeatAck.class);
    }

    private void noStackTraces() {
        assertThat(log.list).noneMatch(e -> e.getLevel() == Level.ERROR || e.getThrowableProxy() != null);
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains("\n"));
    }

    @Test
    void aLoneSurrogateInTheFrameIdIsAnErrorReplyNotAClosedConnection() {
        try (RawWebSocket ws = connect()) {
            ws.send(codec.encode(new Hello("0.1.0", server.name(), "Linux", "6.1", 1)));
            assertThat(codec.decodeFromConsole(ws.next(WAIT)).message()).isInstanceOf(Welcome.class);

            ws.send("{\"v\":1,\"type\":\"heartbeat\",\"id\":\"ab\\ud800\",\"payload\":{\"sentAt\":\""
                    + Instant.now() + "\"}}");
            ErrorReply error = error(ws);
            assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
            assertThat(error.message()).contains("id").contains("Unicode");
            stillWorks(ws);
            assertThat(ws.isClosed()).isFalse();
        }
        noStackTraces();
    }

    @Test
    void aLoneSurrogateInAnUnknownTypeOrInAPayloadIsRefusedToo() {
        try (RawWebSocket ws = connect()) {
            ws.send(codec.encode(new Hello("0.1.0", server.name(), "Linux", "6.1", 1)));
            assertThat(codec.decodeFromConsole(ws.next(WAIT)).message()).isInstanceOf(Welcome.class);

            ws.send("{\"v\":1,\"type\":\"x\\udc00\",\"id\":\"f-1\",\"payload\":{}}");
            assertThat(error(ws).code()).isIn(ErrorCode.UNKNOWN_TYPE, ErrorCode.MALFORMED_FRAME);
            ws.send("{\"v\":1,\"type\":\"heartbeat\",\"id\":\"f-2\\n\",\"payload\":{\"sentAt\":\"" + Instant.now()
                    + "\",\"note\":\"\\ud800\"}}");
            error(ws);
            stillWorks(ws);
        }
        noStackTraces();
    }

    @Test
    void aHelloWithALoneSurrogateInTheHostNameIsRefusedBeforeItIsStored() {
        try (RawWebSocket ws = connect()) {
            ws.send("{\"v\":1,\"type\":\"hello\",\"id\":\"h-1\",\"payload\":{\"agentVersion\":\"0.1.0\","
                    + "\"hostName\":\"host\\ud800\",\"osName\":\"Linux\\nforged\",\"osVersion\":\"6.1\",\"protocolVersion\":1}}");
            ErrorReply error = error(ws);
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
            ws.send(codec.encode(new Hello("0.1.0", server.name(), "Linux", "6.1", 1)));
            assertThat(codec.decodeFromConsole(ws.next(WAIT)).message()).isInstanceOf(Welcome.class);
        }
        noStackTraces();
    }
}
