package io.vaultfleet.agent.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.vaultfleet.agent.host.AgentHome;
import io.vaultfleet.agent.service.AgentStatus;
import io.vaultfleet.agent.host.AgentVersion;
import io.vaultfleet.agent.channel.ChannelState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleet-agent status}: what the running agent service last reported. Exit code 0 when the service runs and
 * is connected, 3 when it runs but is not connected, 4 when it is not running.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show whether the agent service runs and whether it is connected to the console.")
public final class StatusCommand implements Callable<Integer> {
    static final int NOT_CONNECTED = 3;
    static final int NOT_RUNNING = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", description = "Agent state folder (default: platform specific)")
    Path home;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        AgentHome agentHome = AgentHome.resolve(home);
        out.println("Agent version: " + AgentVersion.current());
        out.println("Agent home:    " + agentHome.root());
        Optional<AgentStatus> status = AgentStatus.readFrom(agentHome.statusFile());
        if (status.isEmpty()) {
            out.println("Service:       not running (it has never run with this home folder)");
            return NOT_RUNNING;
        }
        AgentStatus s = status.get();
        if (!s.processAlive()) {
            out.println("Service:       not running (last seen " + s.updatedAt() + ", process " + s.pid() + ")");
            return NOT_RUNNING;
        }
        out.println("Service:       running (process " + s.pid() + ")");
        out.println("Console:       " + s.consoleEndpoint());
        out.println("Connection:    " + s.channel() + " since " + s.since());
        out.println("Detail:        " + s.detail());
        return s.channel() == ChannelState.CONNECTED ? 0 : NOT_CONNECTED;
    }
}
