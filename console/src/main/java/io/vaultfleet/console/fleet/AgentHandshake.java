package io.vaultfleet.console.fleet;

import java.util.Map;

import io.vaultfleet.console.identity.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Decides, before the WebSocket opens, whether a caller may speak on the agent channel. Registered agents prove
 * their identity on the channel itself; until enrollment exists the only admitted callers are unregistered agents
 * in development mode ({@code vaultfleet.agents.allow-unregistered=true}). Everyone else gets HTTP 401 with a
 * reason, and an audit entry.
 */
@Component
class AgentHandshake implements HandshakeInterceptor {
    static final String MODE = "agent.mode";
    static final String UNREGISTERED = "unregistered";
    private static final Logger log = LoggerFactory.getLogger(AgentHandshake.class);

    private final AgentChannelProperties properties;
    private final AuditLog audit;

    AgentHandshake(AgentChannelProperties properties, AuditLog audit) {
        this.properties = properties;
        this.audit = audit;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) throws Exception {
        if (properties.allowUnregistered()) {
            attributes.put(MODE, UNREGISTERED);
            return true;
        }
        String remote = request.getRemoteAddress() == null ? "unknown"
                : request.getRemoteAddress().getAddress().getHostAddress();
        log.warn("refused agent connection from {}: not authenticated", remote);
        audit.recordAs("agent@" + remote, "agent.connect", "agent-channel", AuditLog.Outcome.DENIED,
                "no agent identity presented");
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
        response.getHeaders().add("WWW-Authenticate", "VaultFleet-Agent");
        response.getBody().write(("This console accepts only registered agents. Register the agent with "
                + "'fleet-agent register --vault-credentials FILE'.\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }
}
