package io.vaultfleet.protocol;

/**
 * The console's answer to {@link Hello}: the connection is accepted.
 *
 * @param serverId         the console's id for this server
 * @param heartbeatSeconds how often the agent must send a {@link Heartbeat}
 * @param consoleVersion   version of the console software
 * @param minimumAgentVersion the oldest agent this console lets back up; an older one must be upgraded
 * @param currentAgentVersion the agent version the console distributes
 * @param agentUpgradeKey  base64 X.509 Ed25519 key that signs upgrade offers (null from an old console)
 * @param agentUpgradeKeyEndorsement that key signed by the console's credentials-signing key, which the agent trusts
 *                         from registration (see {@link AgentPackageSignature#endorseUpgradeKey})
 */
@MessageType("welcome")
@AddedFields({"agentUpgradeKey", "agentUpgradeKeyEndorsement"})
public record Welcome(String serverId, int heartbeatSeconds, String consoleVersion, String minimumAgentVersion,
                      String currentAgentVersion, String agentUpgradeKey, String agentUpgradeKeyEndorsement)
        implements ConsoleMessage {
    /** A welcome without an upgrade key. */
    public Welcome(String serverId, int heartbeatSeconds, String consoleVersion, String minimumAgentVersion,
                   String currentAgentVersion) {
        this(serverId, heartbeatSeconds, consoleVersion, minimumAgentVersion, currentAgentVersion, null, null);
    }

    public Welcome {
        if (agentUpgradeKey != null) {
            Fields.requireText(agentUpgradeKey, "agentUpgradeKey", 256);
            Fields.requireText(agentUpgradeKeyEndorsement, "agentUpgradeKeyEndorsement", 256);
        }
        Fields.requireText(serverId, "serverId", 64);
        AgentVersion.parse(minimumAgentVersion);
        AgentVersion.parse(currentAgentVersion);
        if (heartbeatSeconds < 1) {
            throw new IllegalArgumentException("heartbeatSeconds must be 1 or more, was " + heartbeatSeconds);
        }
    }

    /** Whether an agent of {@code version} is too old for this console. */
    public boolean requiresUpgrade(String version) {
        try {
            return AgentVersion.parse(version).isBelow(AgentVersion.parse(minimumAgentVersion));
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
