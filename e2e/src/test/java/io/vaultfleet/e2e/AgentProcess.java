package io.vaultfleet.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vaultfleet.testsupport.ManagedProcess;

/** The packaged agent ({@code fleet-agent-*-all.jar}) run from the command line. */
final class AgentProcess {
    static final Path JAR = Path.of(System.getProperty("vaultfleet.agent.jar", "../fleet-agent/target/fleet-agent-all.jar"));
    /** The agent's test hooks (test code, not in {@link #JAR}): the movable schedule clock. */
    static final Path TEST_HOOKS = Path.of(System.getProperty("vaultfleet.agent.testhooks.jar",
            "../fleet-agent/target/fleet-agent-testhooks.jar"));

    private AgentProcess() {
    }

    /**
     * {@code fleet-agent run}: connects and stays connected until stopped. A registered agent needs no console URL
     * or host name (null): it uses its identity.
     */
    static ManagedProcess run(String name, String consoleUrl, Path home, String hostName) {
        return run(name, consoleUrl, home, hostName, null);
    }

    /**
     * As {@link #run(String, String, Path, String)}, with the agent's schedule clock moved by the ISO-8601 duration
     * in {@code clockOffsetFile} (the test-only {@code vaultfleet.test.clock-offset-file} property); null: real time.
     */
    static ManagedProcess run(String name, String consoleUrl, Path home, String hostName, Path clockOffsetFile) {
        List<String> args = new ArrayList<>(List.of("run", "--home", home.toString()));
        if (consoleUrl != null) {
            args.addAll(List.of("--console", consoleUrl));
        }
        if (hostName != null) {
            args.addAll(List.of("--host-name", hostName));
        }
        List<String> command = command(args.toArray(String[]::new));
        // no JVM startup-cache training and no standby backup process a minute into each test (StartupCacheEndToEndTest
        // and StandbyEndToEndTest cover them): a backup starts at the same point of every run
        command.add(1, "-Dvaultfleet.startup-cache=off");
        command.add(1, "-Dvaultfleet.standby=off");
        if (clockOffsetFile != null) {
            // -javaagent puts the hooks jar on the class path of a -jar process, where the agent finds the clock
            command.add(1, "-javaagent:" + TEST_HOOKS.toAbsolutePath());
            command.add(1, "-Dvaultfleet.test.clock-offset-file=" + clockOffsetFile.toAbsolutePath());
        }
        return ManagedProcess.start(name, command, home.getParent(), Map.of());
    }

    /** A registered agent's service whose backups upload at most {@code kibPerSecond} ({@code run --limit-upload}). */
    static ManagedProcess runLimited(String name, Path home, long kibPerSecond) {
        List<String> command = command("run", "--home", home.toString(), "--limit-upload", Long.toString(kibPerSecond));
        command.add(1, "-Dvaultfleet.startup-cache=off");
        command.add(1, "-Dvaultfleet.standby=off");
        return ManagedProcess.start(name, command, home.getParent(), Map.of());
    }

    /** Runs a short command (status, --version, ...) to its end and returns the process. */
    static ManagedProcess runToEnd(String name, Path workingDir, String... args) {
        ManagedProcess process = ManagedProcess.start(name, command(args), workingDir, Map.of());
        process.waitForExit(Duration.ofSeconds(60));
        return process;
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(ManagedProcess.javaExecutable(), "-Xmx256m",
                "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }
}
