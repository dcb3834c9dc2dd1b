package io.vaultfleet.console.fleet;

import java.time.Clock;
import java.time.Duration;
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
        // a server's last_seen_at only has to stay within the offline threshold of the truth (expireStale on every
        // node reads it): rewritten for each live connection once a third of it has passed since the last write
        // (not on every sweep, and not only when a heartbeat came), it costs the database one row update per agent
        // per ~15 s at the defaults instead of one per agent per sweep (2 s), and its age never exceeds a third of
        // the threshold plus one sweep
        Duration recordEvery = properties.offlineAfter().dividedBy(3);
        List<UUID> alive = new ArrayList<>();
        List<AgentConnection> recorded = new ArrayList<>();
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
                        if (connection.seenDueForRecord(now, recordEvery)) {
                            alive.add(connection.serverId());
                            recorded.add(connection);
                        }
                    }
                }
                case CLOSED -> { }
            }
        }
        fleet.recordSeen(alive, now);
        recorded.forEach(connection -> connection.seenRecorded(now));
        fleet.expireStale(silentSince, id -> sessions.forServer(id).isPresent());
        authenticator.forgetExpired(now);
    }
}
