package io.vaultfleet.agent.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.vaultfleet.agent.channel.ChannelSettings;
import io.vaultfleet.agent.host.AgentHome;
import io.vaultfleet.agent.host.HostInfo;
import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.agent.platform.current.CurrentPlatform;
import io.vaultfleet.agent.service.AgentService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet-agent run}: the long-running service. Connects to the console and stays connected until stopped; the
 * service itself is {@link AgentService}, which this command builds from its options and runs.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the agent service: connect to the console, keep the connection alive, reconnect when it drops.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--console", paramLabel = "URL",
            description = "Console address, e.g. https://backup.example.com:8443. A registered agent uses the console "
                    + "it registered with; without registration the console must run in development mode.")
    String consoleUrl;

    @Option(names = "--home", paramLabel = "DIR", description = "Agent state folder (default: platform specific)")
    Path home;

    @Option(names = "--limit-upload", paramLabel = "KiB/s",
            description = "Upload bandwidth limit for every backup this service runs (0: none; a server's throttling "
                    + "in its backup policy applies otherwise), as the MARS agent's local throttling setting")
    long limitUploadKiB;

    @Option(names = "--host-name", paramLabel = "NAME", hidden = true,
            description = "Name to report instead of the machine's host name (tests run several agents on one host)")
    String hostName;

    @Override
    public Integer call() throws Exception {
        AgentHome agentHome = AgentHome.resolve(home);
        Optional<AgentIdentity> identity = AgentIdentity.load(agentHome.root(), CurrentPlatform.secretProtection());
        String url = consoleUrl != null ? consoleUrl : identity.map(AgentIdentity::consoleUrl).orElseThrow(() ->
                new IllegalArgumentException("this agent is not registered (no " + AgentIdentity.FILE + " in "
                        + agentHome.root() + "): run 'fleet-agent register --vault-credentials FILE' first, or give "
                        + "--console URL for a console in development mode"));
        URI endpoint = ChannelSettings.endpointFor(url);
        HostInfo host = hostName == null ? HostInfo.current() : HostInfo.current().withHostName(hostName);
        return new AgentService(agentHome, identity, endpoint, host, limitUploadKiB).run();
    }
}
