package io.vaultfleet.agent;

import io.vaultfleet.agent.cli.BackupCommand;
import io.vaultfleet.agent.cli.ChangePassphraseCommand;
import io.vaultfleet.agent.cli.ExitCodes;
import io.vaultfleet.agent.cli.InitCommand;
import io.vaultfleet.agent.cli.ListCommand;
import io.vaultfleet.agent.cli.PrecheckCommand;
import io.vaultfleet.agent.cli.RegisterCommand;
import io.vaultfleet.agent.cli.RepairCommand;
import io.vaultfleet.agent.cli.RestoreCommand;
import io.vaultfleet.agent.cli.SelfTestCommand;
import io.vaultfleet.agent.cli.StandbyCommand;
import io.vaultfleet.agent.cli.RunCommand;
import io.vaultfleet.agent.cli.StatusCommand;
import io.vaultfleet.agent.cli.VerifyCommand;
import io.vaultfleet.agent.repo.IntegrityException;
import io.vaultfleet.agent.repo.WrongPassphraseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code fleet-agent}. Each sub-command is one class in {@code cli}. */
@Command(name = "fleet-agent",
        mixinStandardHelpOptions = true,
        versionProvider = AgentMain.VersionProvider.class,
        description = "VaultFleet backup agent: registers this server with a console, runs its backups and restores.",
        footer = ExitCodes.HELP,
        subcommands = {RegisterCommand.class, RunCommand.class, StatusCommand.class, PrecheckCommand.class,
                InitCommand.class, BackupCommand.class, RestoreCommand.class, ListCommand.class, VerifyCommand.class,
                RepairCommand.class, ChangePassphraseCommand.class, SelfTestCommand.class, StandbyCommand.class,
                CommandLine.HelpCommand.class})
public final class AgentMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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

    /**
     * Runs a command line as {@code main} does. When it names a sub-command, only that command's model is built
     * (picocli reads every option of every sub-command otherwise: ~0.1 s of a short backup process's start-up); its
     * usage, messages and exit codes are those of {@code fleet-agent <command>}.
     */
    public static int execute(String... args) {
        CommandLine alone = subcommandAlone(args);
        return alone != null ? alone.execute(java.util.Arrays.copyOfRange(args, 1, args.length))
                : commandLine().execute(args);
    }

    /** The named sub-command as a command line of its own, or null (no or unknown command, or {@code help}). */
    static CommandLine subcommandAlone(String... args) {
        if (args.length == 0) {
            return null;
        }
        for (Class<?> sub : AgentMain.class.getAnnotation(Command.class).subcommands()) {
            Command command = sub.getAnnotation(Command.class);
            if (command != null && command.name().equals(args[0]) && sub != CommandLine.HelpCommand.class) {
                try {
                    Object instance = sub.getDeclaredConstructor().newInstance();
                    return new CommandLine(instance).setCommandName("fleet-agent " + command.name())
                            .setCaseInsensitiveEnumValuesAllowed(true)
                            .setExecutionExceptionHandler(AgentMain::reportFailure);
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
    }

    public static CommandLine commandLine() {
        return new CommandLine(new AgentMain()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(AgentMain::reportFailure);
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
        if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
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
                    "protocol " + io.vaultfleet.protocol.ProtocolCodec.PROTOCOL_VERSION,
                    "Java " + Runtime.version() + " on " + System.getProperty("os.name") + " "
                            + System.getProperty("os.version")};
        }
    }
}
