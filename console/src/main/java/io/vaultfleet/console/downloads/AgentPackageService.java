package io.vaultfleet.console.downloads;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.platform.ConsoleAddress;
import org.springframework.core.io.Resource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * The agent package: the fleet-agent jar the console was built with (copied into {@code agent-package/} by the
 * build), the install scripts and launchers of {@code fleet-agent/packaging} (Windows: startup task as SYSTEM,
 * Linux: systemd), and a README with this console's address and the exact commands, zipped per edition.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class AgentPackageService {
    /** Files of {@code fleet-agent/packaging} shipped in the zip (path in the zip = path there). */
    static final List<String> SCRIPTS = List.of("windows/install.ps1", "windows/uninstall.ps1", "windows/agent-loop.ps1",
            "windows/VaultFleet.psm1", "linux/install.sh", "linux/agent-loop.sh", "linux/vaultfleet-agent.service");
    /** The jar's name in the package: what the install scripts look for next to themselves. */
    static final String JAR_NAME = "fleet-agent.jar";

    /**
     * The portal offers the agent for Windows Server and for Windows Client; we add Linux. All carry the same agent
     * and every install script: the edition names the zip and its README, so each user finds theirs by name.
     */
    public enum Edition {
        WINDOWS_SERVER("Windows Server", "windows-server"), WINDOWS_CLIENT("Windows Client", "windows-client"),
        LINUX("Linux", "linux");

        private final String label;
        private final String slug;

        Edition(String label, String slug) {
            this.label = label;
            this.slug = slug;
        }

        public String label() {
            return label;
        }
    }

    private final ConsoleAddress address;
    private final AuditLog audit;
    private final Resource agentJar;
    private final String version;

    AgentPackageService(ConsoleAddress address, AuditLog audit, AgentRelease release) throws IOException {
        this.address = address;
        this.audit = audit;
        this.agentJar = release.bundled();
        this.version = agentJar == null ? null : readVersion(agentJar);
    }

    /** Whether this console was built with the agent (a build that skipped the fleet-agent module has none). */
    public boolean available() {
        return agentJar != null;
    }

    /** The agent version in the package, e.g. {@code 0.1.0-SNAPSHOT}. */
    public String agentVersion() {
        return version == null ? "not available" : version;
    }

    public DownloadedFile download(Edition edition, UUID vaultId, String requestBaseUrl) {
        if (agentJar == null) {
            throw new IllegalStateException("This console was built without the agent package.");
        }
        String consoleUrl = address.forDownload(requestBaseUrl).toString();
        String folder = "VaultFleetAgent-" + version + "-" + edition.slug;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); InputStream jar = agentJar.getInputStream()) {
            zip.putNextEntry(new ZipEntry(folder + "/" + JAR_NAME));
            jar.transferTo(zip);
            zip.closeEntry();
            for (String script : SCRIPTS) {
                byte[] content;
                try (InputStream in = getClass().getResourceAsStream("/agent-package/packaging/" + script)) {
                    if (in == null) {
                        throw new IOException("the console was built without " + script);
                    }
                    content = in.readAllBytes();
                }
                String name = script.startsWith("windows/") ? script.substring("windows/".length()) : script;
                if (name.endsWith(".ps1") || name.endsWith(".psm1")) {
                    content = new String(content, StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n")
                            .getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(folder + "/" + name));
                zip.write(content);
                zip.closeEntry();
            }
            String readme;
            try (InputStream in = getClass().getResourceAsStream("/agent-package/README.txt")) {
                readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            readme = readme.replace("@CONSOLE_URL@", consoleUrl).replace("@VERSION@", version)
                    .replace("@EDITION@", edition.label()).replace("\r\n", "\n").replace("\n", "\r\n");
            zip.putNextEntry(new ZipEntry(folder + "/README.txt"));
            zip.write(readme.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the agent package", e);
        }
        audit.record("agent.download", vaultId == null ? "agent" : "vault:" + vaultId, AuditLog.Outcome.SUCCESS,
                edition.label() + " " + version);
        return new DownloadedFile(folder + ".zip", "application/zip", bytes.toByteArray());
    }

    private static String readVersion(Resource jar) throws IOException {
        String inside = AgentRelease.versionInside(jar.getInputStream());
        if (inside != null) {
            return inside;
        }
        String name = jar.getFilename();
        return name == null ? "unknown" : name.replaceFirst("^fleet-agent-", "").replaceFirst("-all\\.jar$", "");
    }
}
