package io.vaultfleet.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vaultfleet.testsupport.ManagedProcess;

/** The packaged console ({@code console-*-exec.jar}) started as an admin would, on its embedded H2 database. */
final class ConsoleProcess implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("vaultfleet.console.jar", "../console/target/console-exec.jar"));

    private final ManagedProcess process;
    private final int port;

    private ConsoleProcess(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the console with {@code dataDir} as its data folder and waits until it serves requests. */
    static ConsoleProcess start(String name, int port, Path dataDir, String... extraArgs) {
        return start(name, port, dataDir, List.of("-Xmx512m"), extraArgs);
    }

    /**
     * As {@link #start(String, int, Path, String...)} with these JVM options; an argument in {@code extraArgs} replaces
     * the test default of the same property (a repeated argument would be read as a list).
     */
    static ConsoleProcess start(String name, int port, Path dataDir, List<String> jvmOptions, String... extraArgs) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("console jar not found at " + JAR.toAbsolutePath() + "; run the Maven build");
        }
        List<String> command = new ArrayList<>();
        command.add(ManagedProcess.javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString(),
                "--server.port=" + port,
                "--vaultfleet.data-dir=" + dataDir.toAbsolutePath(),
                "--vaultfleet.public-url=http://127.0.0.1:" + port,
                "--vaultfleet.agents.heartbeat-seconds=1",
                "--vaultfleet.agents.missed-heartbeats=3",
                "--vaultfleet.agents.sweep-interval=500ms"));
        // e.g. behind a load balancer the caller names the balancer's address as public URL instead
        for (String extra : extraArgs) {
            int equals = extra.indexOf('=');
            if (extra.startsWith("--") && equals > 0) {
                String key = extra.substring(0, equals + 1);
                command.removeIf(a -> a.startsWith(key));
            }
        }
        command.addAll(List.of(extraArgs));
        // no VAULTFLEET_ADMIN_PASSWORD: the console must generate, print and store the first password itself
        ManagedProcess process = ManagedProcess.start(name, command, dataDir.getParent(),
                new java.util.HashMap<>(Map.of("VAULTFLEET_ADMIN_PASSWORD", "")));
        try {
            // a loaded build machine (2 cores, several builds) has taken over 90 s to start it; a benchmark starting
            // several nodes waits longer still (-Dvaultfleet.console.start-seconds)
            process.awaitOutput("Started ConsoleApplication",
                    Duration.ofSeconds(Long.getLong("vaultfleet.console.start-seconds", 240)));
        } catch (RuntimeException | AssertionError e) {
            process.close(); // the caller never gets it to stop: a console that did not start is not left running
            throw e;
        }
        return new ConsoleProcess(process, port);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port + "/";
    }

    int port() {
        return port;
    }

    ManagedProcess process() {
        return process;
    }

    /** The first admin password as the console printed it in its log. */
    String printedAdminPassword() {
        // printed right after the start, which a loaded machine can delay (-Dvaultfleet.console.start-seconds)
        return process.awaitOutput("password \\(shown once\\):\\s+(\\S+)",
                Duration.ofSeconds(Math.max(10, Long.getLong("vaultfleet.console.start-seconds", 10))));
    }

    void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        process.close();
    }
}
