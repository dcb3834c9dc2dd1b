package io.vaultfleet.console.fleet;

import java.time.Duration;

import io.vaultfleet.protocol.AgentVersion;
import io.vaultfleet.protocol.ProtocolCodec;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The agent channel's settings ({@code vaultfleet.agents.*}).
 *
 * @param heartbeatSeconds  how often agents send a heartbeat
 * @param missedHeartbeats  heartbeats an agent may miss before it is marked offline and its connection closed
 * @param maxFrameChars     largest frame accepted from an agent; a larger one is refused and the connection closed
 * @param helloTimeout      how long a new connection may take to say hello
 * @param allowUnregistered development only: accept agents that have not registered (off by default)
 * @param minimumVersion    the oldest agent allowed to back up; older ones are flagged "upgrade required"
 *                          (default: 0.0.0, no minimum)
 */
@ConfigurationProperties("vaultfleet.agents")
public record AgentChannelProperties(int heartbeatSeconds, int missedHeartbeats, int maxFrameChars,
                                     Duration helloTimeout, boolean allowUnregistered, String minimumVersion) {
    public AgentChannelProperties {
        minimumVersion = minimumVersion == null || minimumVersion.isBlank() ? "0.0.0" : minimumVersion.trim();
        AgentVersion.parse(minimumVersion);
        heartbeatSeconds = heartbeatSeconds <= 0 ? 15 : heartbeatSeconds;
        missedHeartbeats = missedHeartbeats <= 0 ? 3 : missedHeartbeats;
        maxFrameChars = maxFrameChars <= 0 ? ProtocolCodec.DEFAULT_MAX_FRAME_CHARS : maxFrameChars;
        helloTimeout = helloTimeout == null ? Duration.ofSeconds(10) : helloTimeout;
    }

    /** Silence after which an agent counts as gone. */
    public Duration offlineAfter() {
        return Duration.ofSeconds((long) heartbeatSeconds * missedHeartbeats);
    }
}
