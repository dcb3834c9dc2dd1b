package io.vaultfleet.console.fleet;

import java.util.UUID;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

import io.vaultfleet.console.platform.LogSafe;
import io.vaultfleet.protocol.AgentMessage;
import io.vaultfleet.protocol.Delivered;
import io.vaultfleet.protocol.ErrorCode;
import io.vaultfleet.protocol.ErrorReply;
import io.vaultfleet.protocol.Heartbeat;
import io.vaultfleet.protocol.HeartbeatAck;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.Message;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.ProtocolException;
import io.vaultfleet.protocol.Reliable;
import io.vaultfleet.protocol.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The console's end of the agent channel. Frames are checked by {@link ProtocolCodec}; a bad frame (malformed,
 * unknown type, wrong version, invalid payload, wrong moment) gets an {@link ErrorReply} naming the problem, is
 * logged, and the connection stays up. An oversized frame is refused and the connection closed (1009); an agent
 * that keeps sending bad frames is disconnected (1008). Nothing an agent sends can stop the endpoint.
 */
@Component
class AgentChannelHandler extends AbstractWebSocketHandler {
    private static final Logger log = LoggerFactory.getLogger(AgentChannelHandler.class);
    private static final int MAX_ERRORS_PER_MINUTE = 20;
    static final CloseStatus HEARTBEAT_MISSED = new CloseStatus(4000, "heartbeat missed");
    static final CloseStatus REPLACED = new CloseStatus(4001, "replaced by a newer connection of this server");

    private final AgentSessions sessions;
    private final FleetService fleet;
    private final AgentChannelProperties properties;
    private final Clock clock;
    private final ProtocolCodec codec;
    private final String consoleVersion;
    private final AgentVersionPolicy versions;
    private final ApplicationEventPublisher events;
    private final AgentChannelTraffic traffic;
    private final ObjectProvider<UpgradeKeyAnnouncement> upgradeKey;
    private final AgentCommandRelay relay;

    AgentChannelHandler(AgentSessions sessions, FleetService fleet, AgentChannelProperties properties, Clock clock,
                        ObjectProvider<BuildProperties> build,
                        AgentVersionPolicy versions, ApplicationEventPublisher events,
                        AgentChannelTraffic traffic,
                        ObjectProvider<UpgradeKeyAnnouncement> upgradeKey, AgentCommandRelay relay) {
        this.upgradeKey = upgradeKey;
        this.relay = relay;
        this.traffic = traffic;
        this.versions = versions;
        this.events = events;
        this.sessions = sessions;
        this.fleet = fleet;
        this.properties = properties;
        this.clock = clock;
        this.codec = new ProtocolCodec(properties.maxFrameChars());
        var info = build.getIfAvailable();
        this.consoleVersion = info == null ? "dev" : info.getVersion();

    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        sessions.opened(new AgentConnection(session, clock.instant(), traffic));
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
        AgentConnection connection = sessions.get(session.getId()).orElse(null);
        if (connection == null || connection.state() == AgentConnection.State.CLOSED) {
            return;
        }
        String frame;
        try {
            frame = connection.appendFragment(message.getPayload(), message.isLast(), properties.maxFrameChars());
        } catch (AgentConnection.FrameTooLargeException e) {
            log.warn("agent connection {} from {} sent a frame over {} characters; closing", connection.id(),
                    connection.remoteAddress(), properties.maxFrameChars());
            reply(connection, new ErrorReply(ErrorCode.FRAME_TOO_LARGE,
                    "frame is over the limit of " + properties.maxFrameChars() + " characters"), null);
            connection.close(CloseStatus.TOO_BIG_TO_PROCESS);
            return;
        }
        if (frame != null) {
            handleFrame(connection, frame);
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
        AgentConnection connection = sessions.get(session.getId()).orElse(null);
        if (connection != null && message.isLast()) {
            protocolError(connection, new ProtocolException(ErrorCode.MALFORMED_FRAME,
                    "binary frames are not part of the protocol; send JSON text frames"));
        }
    }

    private void handleFrame(AgentConnection connection, String frame) throws IOException {
        traffic.frameReceived();
        Inbound inbound;
        try {
            inbound = codec.decodeFromAgent(frame);
            FrameText.check(inbound);
        } catch (ProtocolException e) {
            unreadable(connection, frame, e);
            protocolError(connection, e);
            return;
        }
        connection.seen(clock.instant());
        Message msg = inbound.message();
        acknowledge(connection, msg);
        if (connection.state() == AgentConnection.State.AWAITING_HELLO && !(msg instanceof Hello)) {
            protocolError(connection, new ProtocolException(ErrorCode.NOT_ALLOWED,
                    "the first message on a connection must be 'hello', not '" + inbound.envelope().type() + "'",
                    inbound.id()));
            return;
        }
        try {
            if (msg instanceof Reliable report) {
                onReport(connection, inbound, report);
                return;
            }
            switch (msg) {
                case Hello hello -> onHello(connection, inbound, hello);
                case Heartbeat heartbeat -> reply(connection, new HeartbeatAck(clock.instant()), inbound.id());
                case ErrorReply error -> log.warn("agent {} reported an error about frame {}: {} {}",
                        LogSafe.of(connection.serverName()), LogSafe.of(inbound.replyTo()), error.code(),
                        LogSafe.of(error.message()));
                default -> {
                    if (!(msg instanceof AgentMessage event)
                            || !fleet.acceptEvent(connection.serverId(), event)) {
                        protocolError(connection, new ProtocolException(ErrorCode.NOT_ALLOWED,
                                "message type '" + inbound.envelope().type() + "' is not handled by this console", inbound.id()));
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("failed to handle '{}' from agent connection {}", LogSafe.of(inbound.envelope().type()),
                    connection.id(), e);
            reply(connection, new ErrorReply(ErrorCode.INTERNAL, "the console failed to handle this message"),
                    inbound.id());
        }
    }

    /**
     * A job's first report on this connection acknowledges the command that started it: no node sends that command
     * again (docs/decisions/031). A failure here only means the command may be sent once more, which the agent ignores.
     */
    private void acknowledge(AgentConnection connection, Message msg) {
        String jobId = msg instanceof JobProgress progress ? progress.jobId()
                : msg instanceof JobFinished finished ? finished.jobId() : null;
        if (jobId == null || connection.serverId() == null || !connection.firstReportOf(jobId)) {
            return;
        }
        try {
            relay.acknowledged(connection.serverId(), jobId);
        } catch (RuntimeException e) {
            log.warn("could not record that server {} acknowledged job {}: {}", connection.serverName(), LogSafe.of(jobId),
                    e.toString());
        }
    }

    /** A registered agent's message that parsed as JSON but not as its record: its feature may want to say so. */
    private void unreadable(AgentConnection connection, String frame, ProtocolException e) {
        if (e.code() != ErrorCode.INVALID_PAYLOAD || connection.serverId() == null) {
            return;
        }
        try {
            var root = codec.mapper().readTree(frame);
            events.publishEvent(new ReportUnreadable(connection.serverId(), root.path("type").asString(""),
                    root.path("payload"), e.getMessage()));
        } catch (RuntimeException failure) {
            log.warn("could not pass on the unreadable '{}' frame of server {}: {}", e.frameId(),
                    connection.serverName(), failure.toString());
        }
    }

    private void onHello(AgentConnection connection, Inbound inbound, Hello hello) throws IOException {
        if (connection.state() != AgentConnection.State.AWAITING_HELLO) {
            protocolError(connection, new ProtocolException(ErrorCode.NOT_ALLOWED,
                    "'hello' was already received on this connection", inbound.id()));
            return;
        }
        if (hello.protocolVersion() < ProtocolCodec.MIN_PROTOCOL_VERSION) {
            reply(connection, new ErrorReply(ErrorCode.UNSUPPORTED_VERSION, "protocol version "
                    + hello.protocolVersion() + " is too old; upgrade the agent"), inbound.id());
            connection.close(CloseStatus.POLICY_VIOLATION);
            return;
        }
        UUID proven = connection.provenServerId();
        RegisteredServer server = proven != null ? fleet.admitRegistered(proven, hello, connection)
                : fleet.admitUnregistered(hello, connection);
        sessions.bind(connection).ifPresent(previous -> {
            log.info("server {} connected again; closing its older connection", server.name());
            previous.close(REPLACED);
        });
        UpgradeKeyAnnouncement key = upgradeKey.getIfAvailable();
        reply(connection, new Welcome(server.id().toString(), properties.heartbeatSeconds(), consoleVersion,
                        versions.minimum(), versions.current(), key == null ? null : key.publicKey(),
                        key == null ? null : key.endorsement()),
                inbound.id());
        events.publishEvent(new AgentWelcomed(server.id(), server.name()));
    }

    private void onReport(AgentConnection connection, Inbound inbound, Reliable report)
            throws IOException {
        if (!inbound.id().equals(report.deliveryId())) {
            protocolError(connection, new ProtocolException(ErrorCode.INVALID_PAYLOAD,
                    "a reliable report's frame id must equal its deliveryId", inbound.id()));
            return;
        }
        try {
            fleet.acceptReport(connection.serverId(), report);
        } catch (ReportRejectedException e) {
            log.warn("report {} from server {} not stored: {}", report.deliveryId(), connection.serverName(), e.getMessage());
            reply(connection, new ErrorReply(ErrorCode.NOT_ALLOWED, e.getMessage()), inbound.id());
            return;
        } catch (RuntimeException e) {
            // the report's transaction is rolled back; the agent keeps it and sends it again, and the feature says
            // on its page what could not be stored (a job must not look as if its agent never reported)
            log.error("report {} ('{}') from server {} could not be stored", report.deliveryId(),
                    inbound.envelope().type(), connection.serverName(), e);
            fleet.reportNotStored(connection.serverId(), report, ReportProblems.describe(e));
            reply(connection, new ErrorReply(ErrorCode.INTERNAL, "the console could not store this report; "
                    + "keep it and send it again later"), inbound.id());
            return;
        }
        reply(connection, new Delivered(report.deliveryId()), inbound.id());
    }

    private void protocolError(AgentConnection connection, ProtocolException e) throws IOException {
        log.warn("bad frame from agent connection {} ({}{}): {} {}", connection.id(), connection.remoteAddress(),
                connection.serverName() == null ? "" : ", server " + LogSafe.of(connection.serverName()), e.code(),
                LogSafe.of(e.getMessage()));
        reply(connection, new ErrorReply(e.code(), e.getMessage()), e.frameId());
        if (connection.countError(clock.instant()) > MAX_ERRORS_PER_MINUTE) {
            log.warn("agent connection {} sent too many bad frames; closing it", connection.id());
            connection.close(CloseStatus.POLICY_VIOLATION.withReason("too many bad frames"));
        }
    }

    private void reply(AgentConnection connection, Message message, String replyTo) throws IOException {
        if (connection.isOpen()) {
            // what the agent sent comes back in ids and error messages: only as text that can be sent as UTF-8
            Message safe = message instanceof ErrorReply error
                    ? new ErrorReply(error.code(), LogSafe.of(error.message())) : message;
            connection.send(codec.encodeReply(safe, LogSafe.wellFormed(replyTo) ? replyTo : null));
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("transport error on agent connection {}: {}", session.getId(), exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        sessions.get(session.getId()).ifPresent(connection -> {
            boolean wasCurrent = sessions.closed(connection);
            log.debug("agent connection {} closed with code {}", session.getId(), status.getCode());
            fleet.disconnected(connection, wasCurrent, DisconnectReason.describe(status.getCode(), status.getReason()));
        });
    }

    Instant now() {
        return clock.instant();
    }
}
