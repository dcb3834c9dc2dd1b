package io.vaultfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.EmbeddedPostgres;
import io.vaultfleet.testsupport.FreePorts;
import io.vaultfleet.testsupport.ManagedProcess;
import io.vaultfleet.testsupport.pages.JobDetailPage;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.ServerDetailPage;
import io.vaultfleet.testsupport.pages.ServersPage;

/**
 * Two packaged console nodes on one PostgreSQL database behind HAProxy (docs/deployment.md), a real agent and a real
 * browser: the browser is on node A, the agent on node B. Back Up Now clicked on node A reaches the agent through
 * node B and the job's progress moves live in the browser on node A; node B is then killed (SIGKILL) mid-job, the
 * agent reconnects through HAProxy to node A, and the job completes — once.
 */
class ClusterEndToEndTest {
    private static final Duration LIVE = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private EmbeddedPostgres postgres;
    private ConsoleProcess nodeA;
    private ConsoleProcess nodeB;
    private Haproxy haproxy;
    private ManagedProcess agent;
    private Browser browser;

    @AfterEach
    void stopEverything() {
        for (AutoCloseable c : new AutoCloseable[] {browser, agent, haproxy, nodeB, nodeA, postgres}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private ConsoleProcess node(String id, int port, String dbUrl, String publicUrl, Path data, Path masterKey) {
        return ConsoleProcess.start(id, port, data, "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + dbUrl, "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--vaultfleet.node-id=" + id, "--vaultfleet.public-url=" + publicUrl,
                "--vaultfleet.master-key-file=" + masterKey);
    }

    @Test
    void backUpNowOnNodeAForAnAgentOnNodeBShowsLiveOnAAndSurvivesNodeBKilledMidJob() throws Exception {
        postgres = EmbeddedPostgres.start();
        String dbUrl = postgres.createDatabase("vaultfleet");
        int portA = FreePorts.next();
        int portB = FreePorts.next();
        haproxy = Haproxy.start(work.resolve("haproxy"), FreePorts.next(), portA, portB);
        // one data folder (its "Local" storage location holds the backups, so the nodes share it, as over NFS) and
        // one master key given to both
        Path data = Files.createDirectories(work.resolve("console-data"));
        Path masterKey = work.resolve("master.key");
        Files.writeString(masterKey, "cluster-end-to-end-master-key-0123456789");
        nodeA = node("node-a", portA, dbUrl, haproxy.url().replaceAll("/$", ""), data, masterKey);
        String password = nodeA.printedAdminPassword();
        nodeB = node("node-b", portB, dbUrl, haproxy.url().replaceAll("/$", ""), data, masterKey);

        browser = Browser.start(haproxy.url());
        LoginPage.open(browser).signIn("admin", password);
        Path credentials = Onboarding.vaultCredentials(browser, "Contoso", "rg-cluster", "vault-cluster");
        Path passphrase = work.resolve("passphrase.txt");
        Files.writeString(passphrase, "a long enough passphrase for the cluster");
        Path home = work.resolve("e2e-cluster-srv");
        ManagedProcess register = AgentProcess.runToEnd("register-cluster", work, "register", "--vault-credentials",
                credentials.toString(), "--home", home.toString(), "--passphrase-file", passphrase.toString(),
                "--allow-insecure-http", "--host-name", "e2e-cluster-srv");
        assertThat(register.waitForExit(Duration.ofSeconds(1))).as(register.output()).isZero();
        Path files = randomFiles(work.resolve("data"), 3, 32L << 20);
        agent = AgentProcess.runLimited("agent-cluster", home, 4 * 1024);

        ServerDetailPage server = ServersPage.open(browser).open("e2e-cluster-srv");
        ServersPage.open(browser).waitForStatus("e2e-cluster-srv", "Online", LIVE);
        nodeB.process().awaitOutput("agent for server e2e-cluster-srv \\(.*\\) connected", LIVE);
        assertThat(nodeA.process().output()).as("the agent is on node B").doesNotContain("agent for server e2e-cluster-srv (");
        assertThat(browser.driver().manage().getCookieNamed("VFNODE").getValue())
                .as("the browser is on node A").isEqualTo("browser-node");

        server = ServersPage.open(browser).open("e2e-cluster-srv");
        assertThat(server.backUpNow(files.toString())).contains("Backup of e2e-cluster-srv started");
        JobDetailPage job = server.openNewestJob();
        browser.script("window.__vfNoReload = true;");
        browser.waitUntil(d -> job.currentStage().filter("UPLOAD"::equals).isPresent() && job.progress() > 0, LIVE);
        double before = job.progress();
        browser.waitUntil(d -> job.progress() > before, LIVE);

        nodeB.process().killAlone();
        nodeA.process().awaitOutput("agent for server e2e-cluster-srv \\(.*\\) connected", LIVE.multipliedBy(2));
        job.waitForStatus("Completed", LIVE.multipliedBy(3));
        assertThat(browser.script("return window.__vfNoReload === true;")).as("followed live, no reload")
                .isEqualTo(Boolean.TRUE);
        assertThat(ServersPage.open(browser).open("e2e-cluster-srv").jobStatuses()).as("one job, not two")
                .containsExactly("Completed");
    }

    private static Path randomFiles(Path folder, int count, long size) throws IOException {
        Files.createDirectories(folder);
        SplittableRandom random = new SplittableRandom(folder.toString().hashCode());
        byte[] buffer = new byte[1 << 20];
        for (int i = 0; i < count; i++) {
            try (OutputStream out = Files.newOutputStream(folder.resolve("file-" + i + ".bin"))) {
                for (long written = 0; written < size; written += buffer.length) {
                    for (int j = 0; j < buffer.length; j += 8) {
                        long v = random.nextLong();
                        for (int k = 0; k < 8; k++) {
                            buffer[j + k] = (byte) (v >>> (k * 8));
                        }
                    }
                    out.write(buffer);
                }
            }
        }
        return folder;
    }
}
