package io.vaultfleet.agent;

import io.vaultfleet.agent.cli.RunCommand;
import io.vaultfleet.agent.cli.StatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code fleet-agent}. Each sub-command is one class in {@code cli}. */
@Command(name = "fleet-agent",
        mixinStandardHelpOptions = true,
        versionProvider = AgentMain.VersionProvider.class,
        description = "VaultFleet backup agent: registers this server with a console, runs its backups and restores.",
        subcommands = {RunCommand.class, StatusCommand.class, CommandLine.HelpCommand.class})
public final class AgentMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new AgentMain()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fleet-agent " + AgentVersion.current(),
                    "protocol " + io.vaultfleet.protocol.ProtocolCodec.PROTOCOL_VERSION,
                    "Java " + Runtime.version() + " on " + System.getProperty("os.name") + " "
                            + System.getProperty("os.version")};
        }
    }
}
