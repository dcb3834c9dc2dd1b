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
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("console jar not found at " + JAR.toAbsolutePath() + "; run the Maven build");
        }
        List<String> command = new ArrayList<>(List.of(ManagedProcess.javaExecutable(), "-Xmx512m",
                "-jar", JAR.toAbsolutePath().toString(),
                "--server.port=" + port,
                "--vaultfleet.data-dir=" + dataDir.toAbsolutePath(),
                "--vaultfleet.public-url=http://127.0.0.1:" + port,
                "--vaultfleet.agents.heartbeat-seconds=1",
                "--vaultfleet.agents.missed-heartbeats=3",
                "--vaultfleet.agents.sweep-interval=500ms"));
        if (java.util.Arrays.stream(extraArgs).anyMatch(a -> a.startsWith("--vaultfleet.public-url="))) {
            // behind a load balancer: the caller names the balancer's address instead (a repeated argument would
            // be read as a list)
            command.removeIf(a -> a.startsWith("--vaultfleet.public-url="));
        }
        command.addAll(List.of(extraArgs));
        // no VAULTFLEET_ADMIN_PASSWORD: the console must generate, print and store the first password itself
        ManagedProcess process = ManagedProcess.start(name, command, dataDir.getParent(),
                new java.util.HashMap<>(Map.of("VAULTFLEET_ADMIN_PASSWORD", "")));
        try {
            // a loaded build machine (2 cores, several builds) has taken over 90 s to start it
            process.awaitOutput("Started ConsoleApplication", Duration.ofMinutes(4));
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
        return process.awaitOutput("password \\(shown once\\):\\s+(\\S+)", Duration.ofSeconds(10));
    }

    void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        process.close();
    }
}
