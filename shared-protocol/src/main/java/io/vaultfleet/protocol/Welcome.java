package io.vaultfleet.protocol;

/**
 * The console's answer to {@link Hello}: the connection is accepted.
 *
 * @param serverId         the console's id for this server
 * @param heartbeatSeconds how often the agent must send a {@link Heartbeat}
 * @param consoleVersion   version of the console software
 */
@MessageType("welcome")
public record Welcome(String serverId, int heartbeatSeconds, String consoleVersion) implements ConsoleMessage {
    public Welcome {
        Fields.requireText(serverId, "serverId", 64);
        if (heartbeatSeconds < 1) {
            throw new IllegalArgumentException("heartbeatSeconds must be 1 or more, was " + heartbeatSeconds);
        }
    }
}
