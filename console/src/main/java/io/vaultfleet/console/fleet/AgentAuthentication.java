package io.vaultfleet.console.fleet;

import java.util.UUID;

import org.springframework.stereotype.Component;

import io.vaultfleet.console.identity.AnonymousRefusals;

/**
 * For other features' agent endpoints (the package download): checks an {@code X-VaultFleet-Agent} proof the same
 * way the channel does, audits refusals, and returns the proven server.
 */
@Component
public class AgentAuthentication {
    private final AgentAuthenticator authenticator;
    private final AnonymousRefusals refusals;
    private final RegisteredServerRepository servers;

    AgentAuthentication(AgentAuthenticator authenticator, AnonymousRefusals refusals, RegisteredServerRepository servers) {
        this.authenticator = authenticator;
        this.refusals = refusals;
        this.servers = servers;
    }

    /** As {@link #serverOf}, with the server's name and vault. */
    public ReportingServer provenServer(String proofHeader, String remoteAddress, String action) {
        UUID id = serverOf(proofHeader, remoteAddress, action);
        RegisteredServer server = servers.findById(id).orElseThrow(() -> new Refused("server " + id + " vanished"));
        return new ReportingServer(server.id(), server.name(), server.vaultId());
    }

    /** The refusal, with the reason to send back. */
    public static final class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason);
        }
    }

    public UUID serverOf(String proofHeader, String remoteAddress, String action) {
        return switch (authenticator.check(proofHeader)) {
            case AgentAuthenticator.Accepted accepted -> accepted.serverId();
            case AgentAuthenticator.Refused refused -> {
                refusals.refused(remoteAddress, (refused.claimedServerId() == null ? "agent"
                                : "server:" + refused.claimedServerId()) + "@" + remoteAddress, action, "agent-endpoint",
                        refused.kind(), refused.reason());
                throw new Refused(refused.reason());
            }
        };
    }
}
