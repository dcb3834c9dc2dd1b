package io.vaultfleet.console.recover;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.identity.UserAccountService;
import io.vaultfleet.protocol.BrowseFolder;
import io.vaultfleet.protocol.ConflictPolicy;
import io.vaultfleet.protocol.EntryKind;
import io.vaultfleet.protocol.FolderEntry;
import io.vaultfleet.protocol.FolderPage;
import io.vaultfleet.protocol.RecoveryKey;
import io.vaultfleet.protocol.RecoveryKeyRequest;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RecoveryOpened;
import io.vaultfleet.protocol.RecoveryPointCreated;
import io.vaultfleet.protocol.RestoreStart;
import io.vaultfleet.protocol.recovery.RecoveryKeys;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.RecoverDataPage;

/**
 * The Recover Data wizard in Chromium against simulated agents: another server's passphrase typed in the browser is
 * sealed there with WebCrypto and opened by the agent with shared-protocol's {@link RecoveryKeys#open} (the two
 * implementations interoperate); a wrong passphrase is shown at the field; the restore starts as a job with the
 * options chosen; a Reader sees the button disabled with the reason.
 */
@ConsoleTest
class RecoverDataBrowserTest {
    private static final String PASSWORD = "Recover-Browser-Password-1";
    private static final String PASSPHRASE = "Zürich passphrase – 42 ✓";
    private static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    UserAccountService users;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecurityContextHolderStrategy security;

    private final List<SimulatedAgent> agents = new ArrayList<>();

    @AfterEach
    void tearDown() {
        agents.forEach(SimulatedAgent::close);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    private SimulatedAgent agent(UUID vaultId, String name) {
        SimulatedAgent agent = SimulatedAgent.enroll(fleet, vaultId, name, port, java.time.Clock.systemUTC());
        agents.add(agent);
        return agent.connect();
    }

    private void signIn(Role role) {
        String name = "rb-" + UUID.randomUUID().toString().substring(0, 8);
        runAs(security, Role.OWNER, () -> users.createUser(name, "Recover browser", PASSWORD, role));
        if (browser == null) {
            browser = Browser.start("http://127.0.0.1:" + port + "/");
        }
        browser.driver().manage().deleteAllCookies();
        LoginPage.open(browser).signIn(name, PASSWORD);
    }

    @Test
    void anotherServersBackupsWithThePassphraseSealedInTheBrowser() throws Exception {
        var vault = vaults.create("rbrowse");
        SimulatedAgent source = agent(vault.id(), "src");
        SimulatedAgent target = agent(vault.id(), "tgt");
        source.deliver(new RecoveryPointCreated(UUID.randomUUID().toString(), "rp-browser-1", "FILES_AND_FOLDERS",
                Instant.now().minus(Duration.ofDays(1)), 2, 2_000, 2_000, 0, List.of("pack-1")));
        KeyPair sessionKey = RecoveryKeys.generate();
        List<String> opened = new CopyOnWriteArrayList<>();
        // the target agent's side, as h3's agent does it: sign a session key, open the sealed passphrase, list, restore
        var agentThread = java.util.concurrent.Executors.newSingleThreadExecutor();
        CompletableFuture<RestoreStart> agentSide = CompletableFuture.supplyAsync(() -> {
            RecoveryKeyRequest request = next(target, RecoveryKeyRequest.class);
            String publicKey = RecoveryKeys.encodePublic(sessionKey.getPublic());
            Instant expires = Instant.now().plus(Duration.ofMinutes(30));
            target.send(new RecoveryKey(request.sessionId(), publicKey, expires,
                    target.sign(RecoveryKeys.statement(request.sessionId(), publicKey, expires))));
            while (true) {
                RecoveryOpen open = next(target, RecoveryOpen.class);
                String typed = new String(RecoveryKeys.open(sessionKey.getPrivate(), open.sessionId(), open.sealedPassphrase()));
                opened.add(typed);
                boolean right = typed.equals(PASSPHRASE);
                target.send(new RecoveryOpened(open.sessionId(), right ? RecoveryOpenResult.OPENED
                        : RecoveryOpenResult.WRONG_PASSPHRASE, right ? "" : "The passphrase does not open the backups of "
                        + source.name() + "."));
                if (right) {
                    break;
                }
            }
            BrowseFolder browse = next(target, BrowseFolder.class);
            target.send(new FolderPage(browse.requestId(), browse.sessionId(), List.of(
                    new FolderEntry("data", "/srv/data", EntryKind.FOLDER, 0, null),
                    new FolderEntry("notes.txt", "/srv/notes.txt", EntryKind.FILE, 12, Instant.now())), null, null));
            return next(target, RestoreStart.class);
        }, agentThread);
        agentThread.shutdown();

        signIn(Role.OPERATOR);
        RecoverDataPage wizard = RecoverDataPage.open(browser, target.id().toString());
        wizard.anotherServer(source.name()).next().waitForStep("PASSPHRASE");
        wizard.typePassphrase("not-the-passphrase").next();
        assertThat(wizard.passphraseError()).contains("does not open the backups of " + source.name());
        assertThat(wizard.passphraseValue()).as("the field is cleared once sealed").isEmpty();
        wizard.typePassphrase(PASSPHRASE).next().waitForStep("MODE");
        assertThat(opened).containsExactly("not-the-passphrase", PASSPHRASE);

        wizard.next().waitForStep("POINT").pickFirstBoldDate().next().waitForStep("ITEMS");
        assertThat(wizard.itemNames()).contains("data", "notes.txt");
        wizard.next().waitForStep("OPTIONS").anotherLocation("/restore/from-src").onConflict("Overwrite").next()
                .waitForStep("CONFIRM").next();
        RestoreStart start = agentSide.get(30, TimeUnit.SECONDS);
        assertThat(start.recoveryPointId()).isEqualTo("rp-browser-1");
        assertThat(start.destination()).isEqualTo("/restore/from-src");
        assertThat(start.conflict()).isEqualTo(ConflictPolicy.OVERWRITE);
        browser.waitUntil(d -> d.getCurrentUrl().contains("/jobs/" + start.jobId()));

        // the passphrase is in no table
        String dump = String.join("\n", jdbc.sql("script").query(String.class).list());
        assertThat(dump).doesNotContain(PASSPHRASE).doesNotContain("not-the-passphrase");
    }

    @Test
    void aReaderSeesRecoverDataDisabledWithTheReason() {
        var vault = vaults.create("rbrowse");
        SimulatedAgent target = agent(vault.id(), "tgt");
        signIn(Role.READER);
        browser.open("servers/" + target.id());
        var button = browser.waitUntil(d -> d.findElements(By.id("recover-data")).stream().findFirst().orElse(null));
        assertThat(button.getAttribute("disabled")).isNotNull();
        assertThat(browser.driver().findElement(By.id("recover-data-why-not")).getText()).contains("Backup operator");
    }

    private static <T extends io.vaultfleet.protocol.ConsoleMessage> T next(SimulatedAgent agent, Class<T> type) {
        // a person takes longer than the simulated agent's 10 s wait between steps
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return agent.next(type);
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }
}
