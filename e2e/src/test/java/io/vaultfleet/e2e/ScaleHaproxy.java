package io.vaultfleet.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.vaultfleet.testsupport.ManagedProcess;

/**
 * Debian's HAProxy in front of any number of console nodes as docs/deployment.md configures it for production
 * (browsers sticky by cookie, agents to the node with the fewest connections, health checks on
 * {@code /actuator/health}), unlike {@link Haproxy}, which pins a test's browser and agent to chosen nodes.
 * {@code maxconn} is what one process can hold within its file descriptor limit (two descriptors per proxied
 * connection): the scale benchmark runs two of these when the agents need more.
 */
final class ScaleHaproxy implements AutoCloseable {
    private final ManagedProcess process;
    private final int port;

    private ScaleHaproxy(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static ScaleHaproxy start(Path folder, int port, int maxconn, List<Integer> nodes) throws IOException {
        if (!Files.isExecutable(Haproxy.EXECUTABLE)) {
            throw new IllegalStateException(Haproxy.EXECUTABLE + " not found: install Debian's haproxy "
                    + "(build-tools/ensure-tools.sh haproxy)");
        }
        Files.createDirectories(folder);
        String browsers = nodes.stream().map(p -> "    server node-%d 127.0.0.1:%d check cookie node-%d"
                .formatted(p, p, p)).collect(Collectors.joining("\n"));
        String agents = nodes.stream().map(p -> "    server node-%d 127.0.0.1:%d check".formatted(p, p))
                .collect(Collectors.joining("\n"));
        Path config = folder.resolve("haproxy.cfg");
        Files.writeString(config, """
                global
                    maxconn %d

                defaults
                    mode http
                    maxconn %d
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    timeout tunnel 1h
                    retries 3
                    option redispatch

                frontend console
                    bind 127.0.0.1:%d
                    acl agent_channel path_beg /agent/
                    use_backend agents if agent_channel
                    default_backend browsers

                backend browsers
                    balance roundrobin
                    cookie VFNODE insert indirect nocache httponly
                    option httpchk GET /actuator/health
                    http-check expect status 200
                    default-server inter 1s fall 2 rise 2
                %s

                backend agents
                    balance leastconn
                    option httpchk GET /actuator/health
                    http-check expect status 200
                    default-server inter 1s fall 2 rise 2 maxconn %d
                %s
                """.formatted(maxconn, maxconn, port, browsers, maxconn, agents));
        ManagedProcess check = ManagedProcess.start("haproxy-check-" + port, List.of(Haproxy.EXECUTABLE.toString(), "-c",
                "-f", config.toString()), folder, Map.of());
        if (check.waitForExit(Duration.ofSeconds(30)) != 0) {
            throw new IllegalStateException("haproxy refused its configuration: " + check.output());
        }
        return new ScaleHaproxy(ManagedProcess.start("haproxy-" + port, List.of(Haproxy.EXECUTABLE.toString(), "-db",
                "-f", config.toString()), folder, Map.of()), port);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
