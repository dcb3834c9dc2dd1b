package io.vaultfleet.protocol;

/**
 * The first frame an agent sends on a new connection: who it says it is and what it runs.
 *
 * @param agentVersion    version of the agent software, e.g. {@code 0.1.0}
 * @param hostName        the server's host name
 * @param osName          operating system name, e.g. {@code Windows Server 2022} or {@code Linux}
 * @param osVersion       operating system version string
 * @param protocolVersion highest protocol version the agent speaks
 */
@MessageType("hello")
public record Hello(String agentVersion, String hostName, String osName, String osVersion, int protocolVersion)
        implements AgentMessage {
    public Hello {
        Fields.requireText(agentVersion, "agentVersion", 64);
        Fields.requireText(hostName, "hostName", 255);
        Fields.requireText(osName, "osName", 128);
        Fields.requireText(osVersion, "osVersion", 128);
        if (protocolVersion < 1) {
            throw new IllegalArgumentException("protocolVersion must be 1 or more, was " + protocolVersion);
        }
    }
}
