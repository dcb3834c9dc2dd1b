package io.vaultfleet.console.fleet;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * Every few seconds: closes connections that missed their heartbeats or never said hello, records when agents were
 * last heard from, and marks offline servers that no node has heard from (their node stopped without closing them).
 */
@Component
class FleetHousekeeping {
    private final AgentSessions sessions;
    private final FleetService fleet;
    private final AgentChannelProperties properties;
    private final Clock clock;
    private final AgentAuthenticator authenticator;

    FleetHousekeeping(AgentSessions sessions, FleetService fleet, AgentChannelProperties properties, Clock clock,
                      AgentAuthenticator authenticator) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.fleet = fleet;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${vaultfleet.agents.sweep-interval:2s}", initialDelayString = "${vaultfleet.agents.sweep-interval:2s}")
    void sweep() {
        Instant now = clock.instant();
        Instant silentSince = now.minus(properties.offlineAfter());
        List<UUID> alive = new ArrayList<>();
        for (AgentConnection connection : sessions.all()) {
            switch (connection.state()) {
                case AWAITING_HELLO -> {
                    if (connection.openedAt().plus(properties.helloTimeout()).isBefore(now)) {
                        connection.close(CloseStatus.POLICY_VIOLATION.withReason("no hello within "
                                + properties.helloTimeout().toSeconds() + " s"));
                    }
                }
                case ACTIVE -> {
                    if (connection.lastSeen().isBefore(silentSince)) {
                        connection.close(AgentChannelHandler.HEARTBEAT_MISSED);
                    } else {
                        alive.add(connection.serverId());
                    }
                }
                case CLOSED -> { }
            }
        }
        fleet.recordSeen(alive, now);
        fleet.expireStale(silentSince, id -> sessions.forServer(id).isPresent());
        authenticator.forgetExpired(now);
    }
}
