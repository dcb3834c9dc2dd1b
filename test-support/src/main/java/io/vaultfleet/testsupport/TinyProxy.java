package io.vaultfleet.testsupport;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Debian's tinyproxy on 127.0.0.1 and a free port, requiring Basic authentication: a real HTTP proxy for the
 * agent's proxy path. Installed by {@code build-tools/ensure-tools.sh proxy}.
 */
public final class TinyProxy implements AutoCloseable {
    public static final Path EXECUTABLE = Path.of("/usr/bin/tinyproxy");

    private final ManagedProcess process;
    private final int port;
    private final Path log;

    private TinyProxy(ManagedProcess process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a proxy that lets through only {@code user} with {@code password}; its files go in {@code folder}. */
    public static TinyProxy start(Path folder, String user, String password) throws IOException {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException(EXECUTABLE + " is missing: run build-tools/ensure-tools.sh proxy");
        }
        Files.createDirectories(folder);
        int port = FreePorts.next();
        Path log = folder.resolve("tinyproxy.log");
        Files.writeString(log, "");
        log.toFile().setWritable(true, false); // tinyproxy started as root writes as the unprivileged user
        Path config = folder.resolve("tinyproxy.conf");
        Files.writeString(config, String.join("\n", List.of(
                "Port " + port, "Listen 127.0.0.1", "Timeout 120", "MaxClients 100", "LogLevel Info",
                "LogFile \"" + log + "\"", "DisableViaHeader Yes", "BasicAuth " + user + " " + password, "")));
        ManagedProcess process = ManagedProcess.start("tinyproxy", List.of(EXECUTABLE.toString(), "-d", "-c",
                config.toString()), folder, Map.of());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new TinyProxy(process, port, log);
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                    process.close();
                    throw new IllegalStateException("tinyproxy did not start on port " + port + ":\n" + process.output());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** What the proxy logged: one line per connection and request it handled. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.close();
    }
}
