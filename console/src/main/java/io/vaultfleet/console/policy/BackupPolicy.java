package io.vaultfleet.console.policy;

import java.time.Instant;
import java.util.UUID;

import io.vaultfleet.protocol.policy.AgentPolicy;

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
}
