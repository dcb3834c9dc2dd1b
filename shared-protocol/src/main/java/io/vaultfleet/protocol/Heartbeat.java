package io.vaultfleet.protocol;

import java.time.Instant;
import java.util.Objects;

/** Sent by the agent every {@link Welcome#heartbeatSeconds()}: it is alive. */
@MessageType("heartbeat")
public record Heartbeat(Instant sentAt) implements AgentMessage {
    public Heartbeat {
        Objects.requireNonNull(sentAt, "sentAt is required");
    }
}
