package io.vaultfleet.protocol;

import java.time.Instant;
import java.util.Objects;

/** The console's answer to a {@link Heartbeat}, so the agent can tell a dead connection from a quiet one. */
@MessageType("heartbeat-ack")
public record HeartbeatAck(Instant receivedAt) implements ConsoleMessage {
    public HeartbeatAck {
        Objects.requireNonNull(receivedAt, "receivedAt is required");
    }
}
