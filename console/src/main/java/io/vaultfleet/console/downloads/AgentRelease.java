package io.vaultfleet.console.downloads;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import io.vaultfleet.protocol.AgentPackageSignature;

/**
 * The agent jar this console pushes to agents that upgrade: {@code vaultfleet.agents.package-jar} when set (an admin
 * can publish a newer agent without upgrading the console; the file is read at each offer), else the jar the console
 * was built with.
 */
@Component
public class AgentRelease {
    private final String configuredPath;
    private final Resource bundled;

    AgentRelease(@Value("${vaultfleet.agents.package-jar:}") String configuredPath) throws IOException {
        this.configuredPath = configuredPath;
        Resource[] jars = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:agent-package/fleet-agent-*-all.jar");
        this.bundled = jars.length == 0 ? null : jars[0];
    }

    /** The package: its bytes, version and hash. Empty when there is none. */
    public record AgentPackage(String version, byte[] bytes, String sha256) {
    }

    /** The last package read, and what identified its file then; a page view must not re-read and hash 24 MB. */
    private volatile Cached cached;

    private record Cached(String stamp, AgentPackage pkg) {
    }

    public Optional<AgentPackage> current() throws IOException {
        String stamp = configuredPath.isBlank() ? "bundled"
                : configuredPath + "|" + Files.getLastModifiedTime(Path.of(configuredPath)).toMillis() + "|"
                        + Files.size(Path.of(configuredPath));
        Cached last = cached;
        if (last != null && last.stamp().equals(stamp)) {
            return Optional.of(last.pkg());
        }
        Optional<AgentPackage> read = read();
        read.ifPresent(pkg -> cached = new Cached(stamp, pkg));
        return read;
    }

    private Optional<AgentPackage> read() throws IOException {
        byte[] bytes;
        if (!configuredPath.isBlank()) {
            bytes = Files.readAllBytes(Path.of(configuredPath));
        } else if (bundled != null) {
            try (InputStream in = bundled.getInputStream()) {
                bytes = in.readAllBytes();
            }
        } else {
            return Optional.empty();
        }
        String version = versionInside(bytes);
        if (version == null) {
            throw new IOException("the agent package " + (configuredPath.isBlank() ? "built into the console" : configuredPath)
                    + " is not an agent jar (no agent version inside)");
        }
        return Optional.of(new AgentPackage(version, bytes, AgentPackageSignature.sha256(bytes)));
    }

    /** The agent jar this console was built with, or null when the build skipped the agent. */
    Resource bundled() {
        return bundled;
    }

    static String versionInside(byte[] jar) {
        return versionInside(new ByteArrayInputStream(jar));
    }

    /** The version stamped in an agent jar ({@code agent-version.properties}), or null when it is not one. */
    static String versionInside(InputStream jar) {
        try (ZipInputStream in = new ZipInputStream(jar)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals("io/vaultfleet/agent/agent-version.properties")) {
                    Properties p = new Properties();
                    p.load(in);
                    return p.getProperty("version");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }
}
