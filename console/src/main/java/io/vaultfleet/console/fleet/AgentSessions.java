package io.vaultfleet.console.fleet;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.socket.CloseStatus;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/** The agent connections open on this console node, by WebSocket session and by server. */
@Component
class AgentSessions {
    private final Map<String, AgentConnection> bySession = new ConcurrentHashMap<>();
    private final Map<UUID, AgentConnection> byServer = new ConcurrentHashMap<>();

    void opened(AgentConnection connection) {
        bySession.put(connection.id(), connection);
    }

    /** Binds a connection to its server; returns the connection it replaces, if the server was already connected. */
    Optional<AgentConnection> bind(AgentConnection connection) {
        return Optional.ofNullable(byServer.put(connection.serverId(), connection))
                .filter(previous -> previous != connection);
    }

    Optional<AgentConnection> get(String sessionId) {
        return Optional.ofNullable(bySession.get(sessionId));
    }

    Optional<AgentConnection> forServer(UUID serverId) {
        return Optional.ofNullable(byServer.get(serverId));
    }

    /** Forgets a closed connection; returns whether it was still the server's current one. */
    boolean closed(AgentConnection connection) {
        bySession.remove(connection.id());
        return connection.serverId() != null && byServer.remove(connection.serverId(), connection);
    }

    Collection<AgentConnection> all() {
        return bySession.values();
    }

    int size() {
        return bySession.size();
    }

    /** An unregistered server's key no longer counts: close its live connection now, not at its next reconnect. */
    @TransactionalEventListener(fallbackExecution = true)
    void closeUnregistered(ServerUnregistered event) {
        forServer(event.serverId()).ifPresent(connection -> connection.close(UNREGISTERED));
    }

    static final CloseStatus UNREGISTERED = new CloseStatus(4003, "server unregistered");

    /** On shutdown, tell every agent the console is going away (1001) instead of letting the links drop (1006). */
    @EventListener(ContextClosedEvent.class)
    void closeAllOnShutdown() {
        for (AgentConnection connection : bySession.values()) {
            connection.close(CloseStatus.GOING_AWAY.withReason("console is shutting down"));
        }
    }
}
