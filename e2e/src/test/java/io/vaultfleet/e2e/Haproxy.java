package io.vaultfleet.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.vaultfleet.testsupport.ManagedProcess;

/**
 * Debian's HAProxy in front of two console nodes, configured as docs/deployment.md says (browsers sticky by cookie,
 * agents on any node, health checks on {@code /actuator/health}), except that each backend uses {@code balance first}
 * so the test knows where things land: browsers on {@code browserNode} while it is up, agents on {@code agentNode}
 * while it is up, then on the other.
 */
final class Haproxy implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/sbin/haproxy");

    private final ManagedProcess process;
    private final int port;

    private Haproxy(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static Haproxy start(Path folder, int port, int browserNode, int agentNode) throws IOException {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException(EXECUTABLE + " not found: install Debian's haproxy "
                    + "(build-tools/ensure-tools.sh haproxy)");
        }
        int otherForBrowsers = agentNode;
        int otherForAgents = browserNode;
        Files.createDirectories(folder);
        Path config = folder.resolve("haproxy.cfg");
        Files.writeString(config, """
                defaults
                    mode http
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
                    balance first
                    cookie VFNODE insert indirect nocache httponly
                    option httpchk GET /actuator/health
                    http-check expect status 200
                    default-server inter 1s fall 2 rise 2
                    server browser-node 127.0.0.1:%d check cookie browser-node id 1
                    server other-node 127.0.0.1:%d check cookie other-node id 2

                backend agents
                    balance first
                    option httpchk GET /actuator/health
                    http-check expect status 200
                    default-server inter 1s fall 2 rise 2
                    server agent-node 127.0.0.1:%d check id 1
                    server other-node 127.0.0.1:%d check id 2
                """.formatted(port, browserNode, otherForBrowsers, agentNode, otherForAgents));
        ManagedProcess check = ManagedProcess.start("haproxy-check", List.of(EXECUTABLE.toString(), "-c", "-f",
                config.toString()), folder, Map.of());
        if (check.waitForExit(java.time.Duration.ofSeconds(30)) != 0) {
            throw new IllegalStateException("haproxy refused its configuration: " + check.output());
        }
        // -db: stay in the foreground, so the test owns the process
        return new Haproxy(ManagedProcess.start("haproxy", List.of(EXECUTABLE.toString(), "-db", "-f",
                config.toString()), folder, Map.of()), port);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    @Override
    public void close() {
        process.close();
    }
}
