package io.vaultfleet.console.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.vaultfleet.protocol.identity.ConnectProof;

import java.util.Map;

import io.vaultfleet.console.identity.AnonymousRefusals;
import io.vaultfleet.console.platform.LogSafe;
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
 * Decides, before the WebSocket opens, whether a caller may speak on the agent channel. An enrolled agent proves
 * possession of its server's key with a signed {@link ConnectProof} header (checked by {@link AgentAuthenticator});
 * in development mode ({@code vaultfleet.agents.allow-unregistered=true}) agents without a proof are admitted by
 * host name. Everyone else gets HTTP 401 with the specific reason in the body, and an audit entry.
 */
@Component
class AgentHandshake implements HandshakeInterceptor {
    static final String MODE = "agent.mode";
    static final String UNREGISTERED = "unregistered";
    static final String REGISTERED = "registered";
    static final String SERVER_ID = "agent.server-id";
    private static final Logger log = LoggerFactory.getLogger(AgentHandshake.class);

    private final AgentChannelProperties properties;
    private final AnonymousRefusals refusals;
    private final AgentAuthenticator authenticator;

    AgentHandshake(AgentChannelProperties properties, AnonymousRefusals refusals, AgentAuthenticator authenticator) {
        this.properties = properties;
        this.refusals = refusals;
        this.authenticator = authenticator;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) throws Exception {
        String remote = request.getRemoteAddress() == null ? "unknown"
                : request.getRemoteAddress().getAddress().getHostAddress();
        String proof = request.getHeaders().getFirst(ConnectProof.HEADER);
        if (proof != null) {
            switch (authenticator.check(proof)) {
                case AgentAuthenticator.Accepted accepted -> {
                    attributes.put(MODE, REGISTERED);
                    attributes.put(SERVER_ID, accepted.serverId());
                    return true;
                }
                case AgentAuthenticator.Refused refused -> {
                    String who = refused.claimedServerId() == null ? "agent@" + remote
                            : "server:" + refused.claimedServerId() + "@" + remote;
                    return refuse(response, remote, who, refused.kind(), refused.reason());
                }
            }
        }
        if (properties.allowUnregistered()) {
            attributes.put(MODE, UNREGISTERED);
            return true;
        }
        return refuse(response, remote, "agent@" + remote, "no-proof", "no agent identity presented; this console accepts only "
                + "registered agents. Register the agent with 'fleet-agent register --vault-credentials FILE'.");
    }

    private boolean refuse(ServerHttpResponse response, String remote, String who, String kind, String reason)
            throws IOException {
        log.warn("refused agent connection from {}: {}", remote, LogSafe.of(reason));
        refusals.refused(remote, who, "agent.connect", "agent-channel", kind, reason);
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
        response.getHeaders().add("WWW-Authenticate", "VaultFleet-Agent");
        response.getBody().write((reason + "\n").getBytes(StandardCharsets.UTF_8));
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }
}
