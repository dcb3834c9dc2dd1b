package io.vaultfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.FreePorts;
import io.vaultfleet.testsupport.ManagedProcess;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.ServerDetailPage;
import io.vaultfleet.testsupport.pages.ServersPage;

/**
 * The console pushes a new agent version: the installed agent downloads and checks it, the Linux launcher
 * ({@code packaging/linux/agent-loop.sh}) installs it, the new version confirms; then a version that cannot start is
 * pushed and rolled back, and an older one goes only as a confirmed, signed rollback. The "new versions" are the
 * real agent jar with another version stamped inside.
 */
class UpgradeEndToEndTest {
    private static final Duration LIVE = Duration.ofSeconds(30);
    private static final Path LAUNCHER = Path.of("../fleet-agent/packaging/linux/agent-loop.sh").toAbsolutePath();

    @TempDir
    Path work;

    private ConsoleProcess console;
    private ManagedProcess agent;
    private Browser browser;

    @AfterEach
    void stopEverything() {
        for (AutoCloseable c : new AutoCloseable[] {browser, agent, console}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    /** The agent jar with {@code version} stamped inside; without a Main-Class when {@code startable} is false. */
    static void restamp(Path source, Path target, String version, boolean startable) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(source));
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals("io/vaultfleet/agent/agent-version.properties")) {
                    content = ("version=" + version + "\n").getBytes(StandardCharsets.UTF_8);
                }
                if (!startable && e.getName().equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        Files.write(target, bytes.toByteArray());
    }

    @Test
    void anUpgradeIsInstalledAndConfirmedThenABrokenOneIsRolledBack() throws Exception {
        Path offered = work.resolve("offered-agent.jar");
        restamp(AgentProcess.JAR, offered, "0.2.0", true);
        Files.createDirectories(work.resolve("console-data"));
        console = ConsoleProcess.start("console", FreePorts.next(), work.resolve("console-data"),
                "--vaultfleet.agents.package-jar=" + offered);
        browser = Browser.start(console.baseUrl());
        LoginPage.open(browser).signIn("admin", console.printedAdminPassword());
        Path credentials = Onboarding.vaultCredentials(browser, "Fabrikam", "rg-upgrade", "vault-upgrade");

        // installed as the package installs it: a jar in an install folder, run by the launcher
        Path install = Files.createDirectories(work.resolve("install"));
        Path jar = install.resolve("fleet-agent.jar");
        Files.copy(AgentProcess.JAR, jar);
        Path home = work.resolve("agent-home");
        Path passphrase = Files.writeString(work.resolve("passphrase.txt"), "an upgrade test passphrase");
        ManagedProcess register = ManagedProcess.start("register", List.of(ManagedProcess.javaExecutable(), "-jar",
                jar.toString(), "register", "--vault-credentials", credentials.toString(), "--home", home.toString(),
                "--passphrase-file", passphrase.toString(), "--allow-insecure-http", "--host-name", "e2e-upg-01"),
                work, Map.of());
        assertThat(register.waitForExit(Duration.ofSeconds(60))).as(register.output()).isZero();
        agent = ManagedProcess.start("agent-loop", List.of("/bin/sh", LAUNCHER.toString(), ManagedProcess.javaExecutable(),
                jar.toString(), "run", "--home", home.toString()), work, Map.of());

        ServersPage servers = ServersPage.open(browser);
        servers.waitForStatus("e2e-upg-01", "Online", LIVE);
        ServerDetailPage detail = servers.open("e2e-upg-01");
        assertThat(detail.agentSection()).contains("this console offers 0.2.0");
        assertThat(detail.upgradeAgent()).contains("Upgrade to 0.2.0 sent to e2e-upg-01");

        agent.awaitOutput("upgrade from [^ ]+ to 0.2.0 confirmed", LIVE.multipliedBy(2));
        assertThat(Files.exists(install.resolve("fleet-agent.jar.previous"))).as("confirmed: previous removed").isFalse();
        awaitAgentVersion("e2e-upg-01", "0.2.0");

        // a version that cannot even start: the launcher gives it three tries, then restores 0.2.0
        restamp(AgentProcess.JAR, offered, "0.3.0", false);
        detail = ServersPage.open(browser).open("e2e-upg-01");
        assertThat(detail.upgradeAgent()).contains("Upgrade to 0.3.0 sent");
        agent.awaitOutput("restoring the previous agent", LIVE.multipliedBy(2));
        agent.awaitOutput("upgrade to 0.3.0 was rolled back; running 0.2.0", LIVE.multipliedBy(2));
        awaitAgentVersion("e2e-upg-01", "0.2.0");
        assertThat(versionInside(jar)).as("0.2.0 is installed again").isEqualTo("0.2.0");

        // an older package goes only as an explicit rollback the admin confirms; the agent installs it as such
        restamp(AgentProcess.JAR, offered, "0.1.5", true);
        detail = ServersPage.open(browser).open("e2e-upg-01");
        assertThat(detail.agentSection()).contains("this console offers 0.1.5");
        assertThat(detail.offersUpgrade()).as("no plain Upgrade agent for an older version").isFalse();
        assertThat(detail.rollbackAgent()).contains("Rollback to 0.1.5 sent to e2e-upg-01");
        agent.awaitOutput("upgrade from 0.2.0 to 0.1.5 confirmed", LIVE.multipliedBy(2));
        awaitAgentVersion("e2e-upg-01", "0.1.5");
        assertThat(versionInside(jar)).isEqualTo("0.1.5");
    }

    private static String versionInside(Path jar) throws Exception {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals("io/vaultfleet/agent/agent-version.properties")) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().replace("version=", "");
                }
            }
        }
        return null;
    }

    private void awaitAgentVersion(String server, String version) throws InterruptedException {
        await("agent version of " + server).atMost(LIVE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            ServersPage page = ServersPage.open(browser);
            assertThat(page.statusOf(server)).as("status of " + server).contains("Online");
            assertThat(page.open(server).property("Agent version")).as("agent version of " + server)
                    .isEqualTo(version);
        });
    }
}
