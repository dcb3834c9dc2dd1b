package io.vaultfleet.agent.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import io.vaultfleet.agent.host.AgentVersion;
import io.vaultfleet.agent.repo.IntegrityException;
import io.vaultfleet.agent.repo.WrongPassphraseException;
import io.vaultfleet.protocol.ProtocolCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fleet-agent} command line: its sub-commands (one class each in this package), usage, failures and exit codes. */
@Command(name = "fleet-agent",
        mixinStandardHelpOptions = true,
        versionProvider = FleetAgentCommand.VersionProvider.class,
        description = "VaultFleet backup agent: registers this server with a console, runs its backups and restores.",
        footer = ExitCodes.HELP,
        subcommands = {RegisterCommand.class, RunCommand.class, StatusCommand.class, PrecheckCommand.class,
                InitCommand.class, BackupCommand.class, RestoreCommand.class, BrowseCommand.class, ListCommand.class,
                VerifyCommand.class,
                RepairCommand.class, ChangePassphraseCommand.class, SelfTestCommand.class, StandbyCommand.class,
                CommandLine.HelpCommand.class})
public final class FleetAgentCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs a command line as {@code main} does. When it names a sub-command, only that command's model is built
     * (picocli reads every option of every sub-command otherwise: ~0.1 s of a short backup process's start-up); its
     * usage, messages and exit codes are those of {@code fleet-agent <command>}.
     */
    public static int execute(String... args) {
        CommandLine alone = subcommandAlone(args);
        return alone != null ? alone.execute(Arrays.copyOfRange(args, 1, args.length))
                : commandLine().execute(args);
    }

    /** The named sub-command as a command line of its own, or null (no or unknown command, or {@code help}). */
    public static CommandLine subcommandAlone(String... args) {
        if (args.length == 0) {
            return null;
        }
        for (Class<?> sub : FleetAgentCommand.class.getAnnotation(Command.class).subcommands()) {
            Command command = sub.getAnnotation(Command.class);
            if (command != null && command.name().equals(args[0]) && sub != CommandLine.HelpCommand.class) {
                try {
                    Object instance = sub.getDeclaredConstructor().newInstance();
                    return new CommandLine(instance).setCommandName("fleet-agent " + command.name())
                            .setCaseInsensitiveEnumValuesAllowed(true)
                            .setExecutionExceptionHandler(FleetAgentCommand::reportFailure);
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
    }

    public static CommandLine commandLine() {
        return new CommandLine(new FleetAgentCommand()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(FleetAgentCommand::reportFailure);
    }

    /**
     * Expected failures become one clear line, {@code fleet-agent <command>: <what went wrong>}, and an exit code
     * ({@link ExitCodes}); only bugs print a stack trace.
     */
    static int reportFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        var err = cmd.getErr();
        String prefix = cmd.getCommandSpec().qualifiedName() + ": ";
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof WrongPassphraseException) {
            err.println(prefix + message);
            return ExitCodes.WRONG_PASSPHRASE;
        }
        if (e instanceof IntegrityException) {
            err.println(prefix + "repository damaged: " + message);
            return ExitCodes.DAMAGED;
        }
        if (e instanceof IllegalArgumentException) {
            err.println(prefix + message);
            return ExitCodes.USAGE;
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            err.println(prefix + e.getClass().getSimpleName().replace("Exception", "") + ": " + message);
            return ExitCodes.ERROR;
        }
        err.println(prefix + "unexpected failure: " + message);
        e.printStackTrace(err);
        return ExitCodes.ERROR;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fleet-agent " + AgentVersion.current(),
                    "protocol " + ProtocolCodec.PROTOCOL_VERSION,
                    "Java " + Runtime.version() + " on " + System.getProperty("os.name") + " "
                            + System.getProperty("os.version")};
        }
    }
}
