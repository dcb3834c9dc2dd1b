package io.vaultfleet.console.fleet;

import java.util.UUID;

/**
 * Published (synchronously, on the connection's thread) right after an agent was welcomed: the connection is bound,
 * so features can send what the agent missed while it was away (a cancel request, …).
 */
public record AgentWelcomed(UUID serverId, String serverName) {
}
