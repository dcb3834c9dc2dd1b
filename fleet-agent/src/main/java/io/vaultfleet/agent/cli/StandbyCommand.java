package io.vaultfleet.agent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.vaultfleet.agent.host.PhaseLog;
import io.vaultfleet.agent.jobs.Standby;
import io.vaultfleet.agent.platform.FileTrees;
import io.vaultfleet.agent.source.FileWalker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code fleet-agent standby}: the service's next backup process, started before it is needed (jobs/Standby). It warms
 * itself up on data of its own (the {@code self-test}'s work, in a scratch folder under the agent home, its output
 * discarded), says {@value #READY} on standard output, then waits for one line on standard input: the backup's
 * command line as a JSON array of strings, which must start with {@code backup}. It runs that backup exactly as
 * {@code fleet-agent backup ...} would (standard output, standard error and exit code are the backup's) and exits.
 * End of input without a line (the service stopped) ends it quietly.
 *
 * <p>Why: a backup process started cold spends most of a short backup starting the JVM and compiling its code (an
 * unchanged 4 GiB, 50,000-file backup: 1.4 s cold, 0.5–0.6 s warm; decision 017). The job still gets a process of
 * its own (a crash or cancel stops that job only); what moves out of the job's time is the start and the warm-up,
 * done while nothing runs. Nothing of the warm-up reaches the job: it used another folder, repository and throw-away
 * passphrase; the key, index and files of the real repository are read only once the job's line arrives; user and
 * group names learnt during the warm-up are forgotten.
 */
@Command(name = "standby", hidden = true, mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = "Warm up, then run the one backup whose command line arrives on standard input (used by the service).")
public final class StandbyCommand implements Callable<Integer> {
    /** The line that says the process is warm and waits for its backup. */
    public static final String READY = Standby.READY;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "Agent home (the warm-up's scratch folder goes under it)")
    Path home;

    @Option(names = "--warm-up-files", paramLabel = "N", description = "Small files of the warm-up data set (default ${DEFAULT-VALUE})")
    int warmUpFiles = 1000;

    @Option(names = "--warm-up-size", paramLabel = "MiB", description = "Large files of the warm-up data set (default ${DEFAULT-VALUE})")
    int warmUpMiB = 16;

    @Override
    public Integer call() throws IOException {
        if (warmUpFiles < 0 || warmUpFiles > 100_000 || warmUpMiB < 1 || warmUpMiB > 1024) {
            throw new IllegalArgumentException("--warm-up-files must be 0–100000 and --warm-up-size 1–1024 MiB");
        }
        warmUp();
        backupArguments("[\"backup\"]"); // the job's line is then read by code that already ran once
        PhaseLog.mark("standby: warm");
        PrintStream out = System.out;
        out.println(READY);
        out.flush();
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            return ExitCodes.OK;
        }
        PhaseLog.mark("standby: backup handed over");
        List<String> args = backupArguments(line);
        FileWalker.forgetNames();
        return FleetAgentCommand.execute(args.toArray(String[]::new));
    }

    /** The backup's command line from the service's line; anything else is refused. */
    static List<String> backupArguments(String line) {
        List<String> args;
        try {
            args = JSON.readValue(line, new TypeReference<List<String>>() { });
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the command line must be a JSON array of strings: "
                    + e.getOriginalMessage());
        }
        if (args == null || args.isEmpty() || !"backup".equals(args.get(0)) || args.contains(null)) {
            throw new IllegalArgumentException("only a backup runs here; the command line must start with \"backup\"");
        }
        return args;
    }

    /** Runs the self-test's work with every output of this process discarded; a failure ends the process. */
    private void warmUp() throws IOException {
        Path standby = Files.createDirectories(home.resolve("standby"));
        removeLeftovers(standby);
        Path scratch = standby.resolve("warm-up-" + ProcessHandle.current().pid());
        FileTrees.deleteTree(scratch);
        Files.createDirectories(scratch);
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        System.setOut(discard);
        System.setErr(discard);
        try {
            SelfTestCommand.exercise(scratch, warmUpMiB, warmUpFiles, new PrintWriter(discard));
        } catch (SelfTestCommand.SelfTestFailed e) {
            throw new IOException("standby warm-up failed: " + e.getMessage(), e);
        } finally {
            System.setOut(out);
            System.setErr(err);
            FileTrees.deleteTree(scratch);
        }
        // the warm-up's garbage goes now, so the idle process holds little (measured: ~120 MiB resident against ~330
        // before) and the backup starts with an empty heap; the serial collector gives memory back only down to the
        // initial heap size (-Xms24m in ChildProcesses.jvmOptions), at once with -XX:-ShrinkHeapInSteps (the options a
        // standby starts with), else over a few full collections (a standby started by hand without it)
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
    }

    /** Scratch folders of standby processes that died mid-warm-up (their pid no longer runs). */
    private static void removeLeftovers(Path standby) throws IOException {
        try (Stream<Path> entries = Files.list(standby)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("warm-up-")) {
                    long pid;
                    try {
                        pid = Long.parseLong(name.substring("warm-up-".length()));
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                        FileTrees.deleteTree(p);
                    }
                }
            }
        }
    }
}
