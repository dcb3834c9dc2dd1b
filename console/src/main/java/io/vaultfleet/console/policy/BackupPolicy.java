package io.vaultfleet.console.policy;

import java.time.Instant;
import java.util.UUID;

import io.vaultfleet.protocol.policy.AgentPolicy;
import io.vaultfleet.protocol.policy.NetworkThrottle;

/** A named backup policy of a vault as stored: what the agent runs, the retention the console enforces, who changed it. */
public record BackupPolicy(UUID id, UUID vaultId, PolicyDraft settings, int revision, Instant updatedAt,
                           String updatedBy) {
    public String name() {
        return settings.name();
    }

    /** What the agents of servers using this policy run; its hash is what they must report. */
    public AgentPolicy agentPolicy() {
        return settings.agentPolicy(id.toString());
    }

    /** What one server's agent runs: this policy, with the server's own throttling when it has one. */
    public AgentPolicy agentPolicy(NetworkThrottle serverThrottle) {
        AgentPolicy p = agentPolicy();
        return serverThrottle == null ? p
                : new AgentPolicy(p.policyId(), p.name(), p.items(), p.include(), p.exclude(), p.schedule(), serverThrottle);
    }
}
