package io.vaultfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.FreePorts;
import io.vaultfleet.testsupport.ManagedProcess;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.ServerDetailPage;
import io.vaultfleet.testsupport.pages.ServersPage;

/**
 * A server joins a vault the way an admin does it: vault and credentials in the browser, {@code fleet-agent register}
 * on the server, then the service connects with its own key. The console runs as in production (no unregistered
 * agents).
 */
class EnrollmentEndToEndTest {
    private static final Duration LIVE = Duration.ofSeconds(20);

    @TempDir
    Path work;

    private ConsoleProcess console;
    private ManagedProcess agent;
    private ManagedProcess impostor;
    private Browser browser;

    @AfterEach
    void stopEverything() {
        for (AutoCloseable c : new AutoCloseable[] {browser, agent, impostor, console}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void aServerRegistersWithDownloadedCredentialsAndOnlyItsKeyConnects() throws Exception {
        Files.createDirectories(work.resolve("console-data"));
        console = ConsoleProcess.start("console", FreePorts.next(), work.resolve("console-data"));
        browser = Browser.start(console.baseUrl());
        String password = console.printedAdminPassword();
        LoginPage.open(browser).signIn("admin", password);

        Path credentials = Onboarding.vaultCredentials(browser, "Contoso", "rg-servers", "vault-e2e");

        Path passphrase = work.resolve("passphrase.txt");
        Files.writeString(passphrase, "a long enough passphrase for e2e");
        Path home = work.resolve("agent-home");

        // a file changed after download is caught by the agent before it reaches the console
        Path tampered = work.resolve("tampered.VaultCredentials");
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var envelope = (tools.jackson.databind.node.ObjectNode) json.readTree(Files.readAllBytes(credentials));
        String payload = new String(java.util.Base64.getUrlDecoder().decode(envelope.get("payload").asString()));
        envelope.put("payload", java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace("vault-e2e", "vault-evil").getBytes()));
        Files.write(tampered, json.writeValueAsBytes(envelope));
        ManagedProcess refused = AgentProcess.runToEnd("register-tampered", work, "register", "--vault-credentials",
                tampered.toString(), "--home", work.resolve("other-home").toString(), "--passphrase-file",
                passphrase.toString(), "--allow-insecure-http", "--host-name", "e2e-reg-01");
        assertThat(refused.waitForExit(Duration.ofSeconds(1))).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("cannot be used");

        ManagedProcess register = AgentProcess.runToEnd("register", work, "register", "--vault-credentials",
                credentials.toString(), "--home", home.toString(), "--passphrase-file", passphrase.toString(),
                "--allow-insecure-http", "--host-name", "e2e-reg-01");
        assertThat(register.waitForExit(Duration.ofSeconds(1))).as(register.output()).isZero();
        assertThat(register.output()).contains("Registered server 'e2e-reg-01' in vault 'vault-e2e'");
        assertThat(register.output()).doesNotContain("a long enough passphrase");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("secrets/passphrase"))))
                .isEqualTo("rw-------");

        // a second server claiming the same name is refused by the console
        ManagedProcess twin = AgentProcess.runToEnd("register-twin", work, "register", "--vault-credentials",
                credentials.toString(), "--home", work.resolve("twin-home").toString(), "--passphrase-file",
                passphrase.toString(), "--allow-insecure-http", "--host-name", "e2e-reg-01");
        assertThat(twin.waitForExit(Duration.ofSeconds(1))).as(twin.output()).isEqualTo(6);
        assertThat(twin.output()).contains("NAME_TAKEN", "already registered in vault 'vault-e2e'");

        ServersPage servers = ServersPage.open(browser);
        servers.plantReloadMarker();
        agent = AgentProcess.run("agent", null, home, null);
        servers.waitForStatus("e2e-reg-01", "Online", LIVE);
        assertThat(servers.reloadMarkerPresent()).isTrue();

        // the same identity with another private key cannot connect: the console says why, the agent logs it
        Path stolen = work.resolve("impostor-home");
        copyTree(home, stolen);
        Files.delete(stolen.resolve("secrets/agent-key"));
        Files.write(stolen.resolve("secrets/agent-key"), AgentKeys.encodePrivate(AgentKeys.generate().getPrivate()));
        Files.setPosixFilePermissions(stolen.resolve("secrets/agent-key"), PosixFilePermissions.fromString("rw-------"));
        Files.deleteIfExists(stolen.resolve("status.json"));
        impostor = AgentProcess.run("impostor", null, stolen, null);
        impostor.awaitOutput("refused the connection \\(HTTP 401\\): the proof is not signed by the key registered",
                LIVE);
        assertThat(servers.statusOf("e2e-reg-01")).hasValue("Online");
        impostor.stop(Duration.ofSeconds(15));

        agent.stop(Duration.ofSeconds(15));
        servers.waitForStatus("e2e-reg-01", "Offline", LIVE);

        // a backup taken while the console is down is reported once it is back, exactly once
        int port = console.port();
        console.stop();
        agent = AgentProcess.run("agent-again", null, home, null);
        Path repo = work.resolve("repo");
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("report.txt"), "quarterly numbers");
        ManagedProcess init = AgentProcess.runToEnd("init", work, "init", "--repo", "folder:" + repo,
                "--passphrase-file", passphrase.toString(), "--home", home.toString());
        assertThat(init.waitForExit(Duration.ofSeconds(1))).as(init.output()).isZero();
        ManagedProcess backup = AgentProcess.runToEnd("backup", work, "backup", "--repo", "folder:" + repo,
                "--passphrase-file", passphrase.toString(), "--home", home.toString(), data.toString());
        assertThat(backup.waitForExit(Duration.ofSeconds(1))).as(backup.output()).isZero();
        assertThat(backup.output()).contains("queued for the console");
        assertThat(outbox(home)).hasSize(1);

        console = ConsoleProcess.start("console-back", port, work.resolve("console-data"));
        awaitEmpty(home, LIVE.multipliedBy(3));
        agent.awaitOutput("report [0-9a-f-]+ delivered", LIVE);
        browser.driver().manage().deleteAllCookies();
        LoginPage.open(browser).signIn("admin", password);
        servers = ServersPage.open(browser);
        servers.waitForStatus("e2e-reg-01", "Online", LIVE);
        assertThat(servers.open("e2e-reg-01").recoveryPointRows()).isEqualTo(1);
        agent.stop(Duration.ofSeconds(15));
        agent = AgentProcess.run("agent-third", null, home, null);
        servers = ServersPage.open(browser);
        servers.waitForStatus("e2e-reg-01", "Online", LIVE);

        // with the console up, a registered agent needs neither --repo nor the passphrase: the console assigns its
        // storage (here the vault's default folder location) and the first backup creates the repository there
        ManagedProcess assigned = AgentProcess.runToEnd("backup-assigned", work, "backup", "--home", home.toString(),
                data.toString());
        assertThat(assigned.waitForExit(Duration.ofSeconds(1))).as(assigned.output()).isZero();
        assertThat(assigned.output()).contains("queued for the console");
        try (var repos = Files.walk(work.resolve("console-data/storage/local"))) {
            assertThat(repos.filter(p -> p.getFileName().toString().equals("config")).toList())
                    .singleElement().asString().contains("srv-");
        }
        awaitEmpty(home, LIVE);

        // the server's page: properties, its connections, and unregistering it for good
        ServerDetailPage detail = servers.open("e2e-reg-01");
        assertThat(detail.property("Vault")).as("the vault with its subscription, as every list names it").isEqualTo("vault-e2e (Contoso)");
        assertThat(detail.property("Status")).startsWith("Online");
        assertThat(detail.connectionRows()).isGreaterThanOrEqualTo(2);
        assertThat(detail.recoveryPointRows()).as("each delivered once, not again after a reconnect").isEqualTo(2);

        // Back Up Now from the server page: the job runs on the agent and its end shows without a reload
        String started;
        try {
            started = detail.backUpNow(data.toString());
        } catch (RuntimeException e) {
            browser.screenshot(Path.of("target", "screenshots", "back-up-now-failed.png"));
            throw e;
        }
        assertThat(started).contains("Backup of e2e-reg-01 started");
        detail.waitForNewestJob("Completed", LIVE);
        browser.screenshot(Path.of("target", "screenshots", "server-detail.png"));
        detail.unregister("replaced by new hardware");
        agent.awaitOutput("server unregistered", LIVE);
        agent.awaitOutput("refused the connection \\(HTTP 401\\): server e2e-reg-01 was unregistered", LIVE);
    }

    private static java.util.List<Path> outbox(Path home) throws Exception {
        Path folder = home.resolve("outbox");
        if (!Files.isDirectory(folder)) {
            return java.util.List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".json")).toList();
        }
    }

    private static void awaitEmpty(Path home, Duration timeout) throws Exception {
        await("the outbox empties").atMost(timeout).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(outbox(home)).as("the outbox").isEmpty());
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
