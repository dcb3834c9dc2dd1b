package io.vaultfleet.console.fleet;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * One agent's live connection on this console node. Sending is thread-safe and bounded: a slow agent cannot make
 * the console buffer without limit (the decorator closes it instead).
 */
final class AgentConnection {
    enum State { AWAITING_HELLO, ACTIVE, CLOSED }

    private static final int SEND_TIME_LIMIT_MS = 10_000;
    private static final int SEND_BUFFER_LIMIT = 1024 * 1024;

    private final WebSocketSession session;
    private final Instant openedAt;
    private final String remoteAddress;
    /** The parts of a frame larger than the container's buffer; null between such frames (most fit one part). */
    private StringBuilder partial;
    private volatile State state = State.AWAITING_HELLO;
    private volatile UUID serverId;
    private volatile String serverName;
    private volatile long connectionRecordId = -1;
    private volatile Instant lastSeen;
    private volatile Instant seenRecordedAt;
    private int recentErrors;
    private Instant errorWindowStart;

    private final AgentChannelTraffic traffic;
    /** Jobs this connection has reported on, so only a job's first report acknowledges its command (bounded). */
    private final Set<String> reportedJobs = ConcurrentHashMap.newKeySet();

    AgentConnection(WebSocketSession session, Instant openedAt, AgentChannelTraffic traffic) {
        this.traffic = traffic;
        this.session = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, SEND_BUFFER_LIMIT);
        this.openedAt = openedAt;
        this.lastSeen = openedAt;
        this.remoteAddress = session.getRemoteAddress() == null ? "unknown"
                : session.getRemoteAddress().getAddress().getHostAddress();
        this.errorWindowStart = openedAt;
    }

    String id() {
        return session.getId();
    }

    /** The server whose key this connection proved at the upgrade, or null in development mode. */
    UUID provenServerId() {
        Object id = session.getAttributes().get(AgentHandshake.SERVER_ID);
        return id instanceof UUID uuid ? uuid : null;
    }

    void send(String frame) throws IOException {
        session.sendMessage(new TextMessage(frame));
        traffic.frameSent();
    }

    void close(CloseStatus status) {
        state = State.CLOSED;
        try {
            session.close(status);
        } catch (IOException | RuntimeException ignored) {
            // already closed by the peer or the container
        }
    }

    boolean isOpen() {
        return session.isOpen();
    }

    /**
     * Takes one part of a frame; returns the whole frame when {@code last}, else null. A frame in one part is passed
     * through; the builder for a frame in several parts is dropped once it is whole, so an agent that once sent a
     * large frame does not keep its buffer for the life of the connection (10,000 connections per node).
     *
     * @throws FrameTooLargeException when the parts so far are over {@code limit} characters (the parts are dropped)
     */
    String appendFragment(String fragment, boolean last, int limit) {
        if (partial == null && last) {
            if (fragment.length() > limit) {
                throw new FrameTooLargeException();
            }
            return fragment;
        }
        if (partial == null) {
            partial = new StringBuilder(fragment.length() * 2);
        }
        partial.append(fragment);
        if (partial.length() > limit) {
            partial = null;
            throw new FrameTooLargeException();
        }
        if (!last) {
            return null;
        }
        String frame = partial.toString();
        partial = null;
        return frame;
    }

    /** A frame over the limit: its parts were dropped. */
    static final class FrameTooLargeException extends RuntimeException {
        FrameTooLargeException() {
            super(null, null, false, false);
        }
    }

    /** Counts a protocol error; returns how many happened in the last minute. */
    int countError(Instant now) {
        if (now.isAfter(errorWindowStart.plusSeconds(60))) {
            errorWindowStart = now;
            recentErrors = 0;
        }
        return ++recentErrors;
    }

    void activate(UUID serverId, String serverName, long connectionRecordId) {
        this.serverId = serverId;
        this.serverName = serverName;
        this.connectionRecordId = connectionRecordId;
        this.state = State.ACTIVE;
    }

    State state() {
        return state;
    }

    UUID serverId() {
        return serverId;
    }

    String serverName() {
        return serverName;
    }

    long connectionRecordId() {
        return connectionRecordId;
    }

    Instant openedAt() {
        return openedAt;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void seen(Instant at) {
        lastSeen = at;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    /**
     * Whether the database's {@code last_seen_at} for this live connection is due to be written again: never written
     * on this connection yet, or written {@code every} or longer before {@code now}. Decided by when the row was last
     * WRITTEN, not by when a heartbeat came: another node marks a server offline from that row's age, so its age must
     * stay within {@code every} plus one sweep however the heartbeats fall (one arriving a little early, or one lost,
     * must not let the row age past the offline threshold while this node still holds the agent).
     */
    boolean seenDueForRecord(Instant now, Duration every) {
        return dueForRecord(seenRecordedAt, now, every);
    }

    static boolean dueForRecord(Instant lastWritten, Instant now, Duration every) {
        return lastWritten == null || !now.isBefore(lastWritten.plus(every));
    }

    /** The database has been told, at {@code at}, that this connection is alive. */
    void seenRecorded(Instant at) {
        seenRecordedAt = at;
    }

    /** Whether this is the first report of {@code jobId} on this connection (then remembered). */
    boolean firstReportOf(String jobId) {
        if (reportedJobs.size() > 1_000) {
            reportedJobs.clear(); // a long-lived connection: at worst one more acknowledgement, which is harmless
        }
        return reportedJobs.add(jobId);
    }
}
