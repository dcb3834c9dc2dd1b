package io.vaultfleet.console.recover;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.TestPropertySource;

import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.StoreLocation;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.identity.UserAccountService;
import io.vaultfleet.console.replication.Replicator;
import io.vaultfleet.console.replication.SecondaryCopies;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.console.storage.StorageKind;
import io.vaultfleet.console.storage.StorageLocation;
import io.vaultfleet.console.storage.StorageLocationForm;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.protocol.RecoveryKey;
import io.vaultfleet.protocol.RecoveryKeyRequest;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RecoveryOpened;
import io.vaultfleet.protocol.recovery.RecoveryKeys;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.RecoverDataPage;

/**
 * The wizard's <em>Restore from</em> choice in Chromium: disabled with the reason while Cross Region Restore is off;
 * once on, <em>Secondary region</em> for This server asks for the passphrase (sealed in the browser) and the target
 * is given the secondary's folder as its read-only source.
 */
@ConsoleTest
@TestPropertySource(properties = "vaultfleet.replication.initial-delay=1d")
class CrossRegionRestoreBrowserTest {
    private static final String PASSWORD = "Crr-Browser-Password-1";
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
    StorageLocationService locations;

    @Autowired
    StorageAccessIssuer issuer;

    @Autowired
    Replicator replicator;

    @Autowired
    SecondaryCopies copies;

    @Autowired
    SecurityContextHolderStrategy security;

    @TempDir
    Path work;

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

    @Test
    void secondaryRegionDisabledWithTheReasonThenChosenForThisServer() throws Exception {
        StorageLocation secondary = folder("west", null);
        StorageLocation primary = folder("east", secondary.id());
        var vault = vaults.create("crr-browser", primary.id());
        SimulatedAgent target = SimulatedAgent.enroll(fleet, vault.id(), "crr-tgt", port, java.time.Clock.systemUTC());
        agents.add(target.connect());
        BlobStore store = StoreLocation.parse(issuer.issue(primary.id(), vault.id(), target.id()).repository()).open(0);
        store.put("config", new byte[] {1, 2, 3}, 0, 3);
        assertThat(replicator.replicate(vault.id()).copied()).isEqualTo(1);

        signIn();
        RecoverDataPage.open(browser, target.id().toString());
        assertThat(regionOption("Secondary region").getAttribute("disabled")).as("Cross Region Restore is off")
                .isNotNull();
        assertThat(regionHelper()).contains("Cross Region Restore is off");

        runAs(security, Role.CONTRIBUTOR, () -> copies.setCrossRegionRestore(vault.id(), true));
        KeyPair sessionKey = RecoveryKeys.generate();
        CompletableFuture<RecoveryOpen> agentSide = CompletableFuture.supplyAsync(() -> {
            RecoveryKeyRequest request = target.next(RecoveryKeyRequest.class);
            String publicKey = RecoveryKeys.encodePublic(sessionKey.getPublic());
            Instant expires = Instant.now().plus(Duration.ofMinutes(30));
            target.send(new RecoveryKey(request.sessionId(), publicKey, expires,
                    target.sign(RecoveryKeys.statement(request.sessionId(), publicKey, expires))));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    RecoveryOpen open = target.next(RecoveryOpen.class);
                    target.send(new RecoveryOpened(open.sessionId(), RecoveryOpenResult.OPENED, ""));
                    return open;
                } catch (AssertionError e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
        });
        RecoverDataPage wizard = RecoverDataPage.open(browser, target.id().toString());
        WebElement secondaryOption = regionOption("Secondary region");
        assertThat(secondaryOption.getAttribute("disabled")).isNull();
        secondaryOption.findElement(By.cssSelector("input")).click();
        browser.waitForVaadin();
        wizard.next().waitForStep("PASSPHRASE");
        wizard.typePassphrase("this server's own passphrase").next().waitForStep("MODE");
        RecoveryOpen open = agentSide.get(60, TimeUnit.SECONDS);
        assertThat(open.sourceServerId()).isEqualTo(target.id().toString());
        assertThat(open.sourceRepository()).startsWith("folder:" + secondary.folderPath());
        assertThat(new String(RecoveryKeys.open(sessionKey.getPrivate(), open.sessionId(), open.sealedPassphrase())))
                .isEqualTo("this server's own passphrase");
    }

    private WebElement regionOption(String label) {
        return browser.waitUntil(d -> d.findElements(By.cssSelector("#recover-region vaadin-radio-button")).stream()
                .filter(e -> e.getText().contains(label)).findFirst().orElse(null));
    }

    private String regionHelper() {
        return browser.waitUntil(d -> {
            String text = String.valueOf(browser.script("return arguments[0].helperText;",
                    d.findElement(By.id("recover-region"))));
            return text.isBlank() || "null".equals(text) ? null : text;
        });
    }

    private StorageLocation folder(String dir, UUID pair) throws java.io.IOException {
        Path path = Files.createDirectories(work.resolve(dir));
        String name = dir + "-" + UUID.randomUUID().toString().substring(0, 6);
        return runAs(security, Role.OWNER, () -> locations.create(new StorageLocationForm(name, dir, StorageKind.FOLDER,
                path.toString(), null, null, pair)));
    }

    private void signIn() {
        String name = "crr-" + UUID.randomUUID().toString().substring(0, 8);
        runAs(security, Role.OWNER, () -> users.createUser(name, "Cross Region Restore", PASSWORD, Role.OPERATOR));
        if (browser == null) {
            browser = Browser.start("http://127.0.0.1:" + port + "/");
        }
        browser.driver().manage().deleteAllCookies();
        LoginPage.open(browser).signIn(name, PASSWORD);
    }
}
