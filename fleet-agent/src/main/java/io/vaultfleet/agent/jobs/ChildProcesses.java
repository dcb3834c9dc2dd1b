package io.vaultfleet.agent.jobs;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vaultfleet.agent.upgrade.Upgrader;

/**
 * Starting and stopping the agent's child processes: how to start this agent again, the JVM options a backup process
 * gets, a job's {@code backup} command line, and stopping a process with its helpers.
 */
public final class ChildProcesses {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private ChildProcesses() {
    }

    /** A started backup process: its standard output as lines, its standard error as it is read. */
    record Launched(Process process, BufferedReader out, ChildErrors errors) {
    }

    /** What a child process reads as standard input: nothing ({@code NUL} on Windows, {@code /dev/null} elsewhere). */
    static File nullDevice() {
        return new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** How to start this very agent again: the running jar, or this JVM's class path (tests, IDE). */
    public static List<String> thisAgent() {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions());
        var jar = Upgrader.runningJar();
        if (jar.isPresent()) {
            command.addAll(List.of("-jar", jar.get().toString()));
        } else {
            // by name, not AgentMain.class: the entry point is the one class above every layer (docs/agent-architecture.md)
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.vaultfleet.agent.AgentMain"));
        }
        return command;
    }

    /** The JVM options backup and restore processes start with ({@link #thisAgent()}; bench/run.sh uses them too). */
    public static List<String> jvmOptions() {
        // a backup is a short process with a small heap: the serial collector costs ~10% less CPU than G1 there and
        // keeps a lower peak RSS (measured in bench/RESULTS.md, decision 015); a small initial heap lets the standby
        // process give the warm-up's memory back while it waits (decision 017), and costs a cold backup no time
        // (measured: unchanged 4 GiB backup 1.38–1.46 s either way, peak RSS 15 MiB lower)
        // the JVM's own messages (e.g. a startup cache it cannot use) go to standard error: standard output carries
        // the backup's JSON lines. The heap cap is what bounds a process's memory: the serial collector lets large
        // short-lived arrays (a restore's pack reads) grow the heap to its cap before a full collection, and the JVM
        // adds ~100–125 MiB (code, metaspace, threads, zstd). Measured peak RSS: self-test 509 MiB with -Xmx384m,
        // 417 MiB with 320m; so 320 MiB keeps every backup and restore process under 512 MiB whatever it handles.
        // The pipeline's buffers are bounded (~140 MiB: packs, chunkers, queue); file and chunk metadata take the
        // rest. bench/run.sh runs the agent with exactly these options (bench AgentJvmOptions).
        return List.of("--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/sun.nio.fs=ALL-UNNAMED",
                "-Djdk.httpclient.allowRestrictedHeaders=content-length",
                "-Xms16m", "-Xmx320m", "-XX:+UseSerialGC", "-Xlog:disable", "-Xlog:all=warning:stderr");
    }

    /** The {@code backup --json ...} arguments of one job; every backup gets {@code backupOptions} too. */
    static List<String> backupArguments(JobRequest request, Path home, List<String> backupOptions) {
        List<String> arguments = new ArrayList<>(List.of("backup", "--json", "--home", home.toString()));
        arguments.addAll(backupOptions);
        switch (request.item()) {
            case "SYSTEM_CONFIGURATION" -> arguments.add("--system-configuration");
            case "SYSTEM_STATE" -> arguments.addAll(List.of("--system-state", "--staging-volume",
                    home.resolve("system-state-staging").toString()));
            default -> {
                for (String exclude : request.excludes()) {
                    arguments.add("--exclude=" + exclude);
                }
                // "--": whatever the console sent, a path can never be read as an option of the backup command
                arguments.add("--");
                arguments.addAll(request.paths());
            }
        }
        return arguments;
    }

    /** A new process running {@code command}, reading nothing from standard input. */
    static Launched start(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
        return new Launched(process, new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), ChildErrors.drain(process));
    }

    /** The backup process first (so it cannot carry on once a helper it waits for is gone), then its helpers. */
    static void stop(ProcessHandle process) {
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        helpers.forEach(ProcessHandle::destroy);
        try {
            process.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            helpers.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
