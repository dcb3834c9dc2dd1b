package io.vaultfleet.agent;

import io.vaultfleet.agent.cli.PrecheckCommand;
import io.vaultfleet.agent.cli.RegisterCommand;
import io.vaultfleet.agent.cli.RunCommand;
import io.vaultfleet.agent.cli.StatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code fleet-agent}. Each sub-command is one class in {@code cli}. */
@Command(name = "fleet-agent",
        mixinStandardHelpOptions = true,
        versionProvider = AgentMain.VersionProvider.class,
        description = "VaultFleet backup agent: registers this server with a console, runs its backups and restores.",
        subcommands = {RegisterCommand.class, RunCommand.class, StatusCommand.class, PrecheckCommand.class,
                CommandLine.HelpCommand.class})
public final class AgentMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new AgentMain()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(AgentMain::reportFailure);
    }

    /**
     * A command that fails prints one clear line, not a stack trace: bad input (an {@link IllegalArgumentException})
     * exits with picocli's usage code 2, anything else with 1. Stack traces go to the log at debug level only.
     */
    static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        boolean badInput = e instanceof IllegalArgumentException;
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        commandLine.getErr().println("fleet-agent " + commandLine.getCommandName() + ": " + message);
        org.slf4j.LoggerFactory.getLogger(AgentMain.class).debug("command failed", e);
        return badInput ? commandLine.getCommandSpec().exitCodeOnInvalidInput() : commandLine.getCommandSpec().exitCodeOnExecutionException();
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
