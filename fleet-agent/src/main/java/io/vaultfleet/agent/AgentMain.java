package io.vaultfleet.agent;

import io.vaultfleet.agent.cli.FleetAgentCommand;
import io.vaultfleet.agent.host.PhaseLog;
import picocli.CommandLine;

/**
 * Entry point of {@code fleet-agent}: the one class of the top package, above every layer
 * ({@code docs/agent-architecture.md}). The command line itself is {@link FleetAgentCommand}; each sub-command is one
 * class in {@code cli}.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) {
        PhaseLog.mark("main");
        // An authenticated proxy (fleet-agent register --proxy-user) is reached with Basic authentication, which the
        // JDK refuses for CONNECT tunnels (https://, the WebSocket) unless this is cleared before its HTTP client
        // first loads. It only matters when the admin gave proxy credentials: no other request carries any.
        if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
        System.exit(execute(args));
    }

    /** Runs a command line as {@code main} does, without exiting ({@link FleetAgentCommand#execute}). */
    public static int execute(String... args) {
        return FleetAgentCommand.execute(args);
    }

    public static CommandLine commandLine() {
        return FleetAgentCommand.commandLine();
    }

    static CommandLine subcommandAlone(String... args) {
        return FleetAgentCommand.subcommandAlone(args);
    }
}
