package io.vaultfleet.console.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.StoreLocation;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.console.storage.StorageKind;
import io.vaultfleet.console.storage.StorageLocation;
import io.vaultfleet.console.storage.StorageLocationForm;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.LoginPage;

/**
 * In headless Chromium: a geo-redundant vault's overview shows its secondary up to date with when it was last copied,
 * Verify secondary copy starts a job, and Backup Configuration turns Cross Region Restore on.
 */
@ConsoleTest
class GeoReplicationBrowserTest {
    private static Browser browser;

    @LocalServerPort int port;
    @Autowired Replicator replicator;
    @Autowired SecondaryCopies copies;
    @Autowired TestVaults vaults;
    @Autowired StorageLocationService locations;
    @Autowired StorageAccessIssuer issuer;
    @Autowired FleetService fleet;
    @Autowired JdbcClient jdbc;
    @Autowired org.springframework.security.core.context.SecurityContextHolderStrategy securityStrategy;

    @TempDir
    Path work;

    @BeforeEach
    void signIn() {
        if (browser == null) {
            browser = Browser.start("http://127.0.0.1:" + port + "/");
        }
        browser.driver().manage().deleteAllCookies();
        LoginPage.open(browser).signIn("admin", ConsoleTest.ADMIN_PASSWORD);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    void overviewShowsTheSecondaryAndCrossRegionRestoreCanBeTurnedOn() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        Path west = Files.createDirectories(work.resolve("west"));
        Path east = Files.createDirectories(work.resolve("east"));
        StorageLocation secondary = admin(() -> locations.create(new StorageLocationForm("west-" + tag, "West " + tag,
                StorageKind.FOLDER, west.toString(), null, null, null)));
        StorageLocation primary = admin(() -> locations.create(new StorageLocationForm("east-" + tag, "East " + tag,
                StorageKind.FOLDER, east.toString(), null, null, secondary.id())));
        Vault vault = vaults.create("geo-ui", primary.id());
        UUID server = ((FleetService.Enrolled) fleet.enroll(vault.id(), "geo-ui-" + tag, "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()))).server().id();
        BlobStore agent = StoreLocation.parse(issuer.issue(primary.id(), vault.id(), server).repository()).open(0);
        agent.put("config", new byte[] {'{', '}'}, 0, 2);
        assertThat(replicator.replicate(vault.id()).copied()).isEqualTo(1);

        browser.open("vaults/" + vault.id() + "/overview");
        browser.waitUntil(d -> d.findElement(By.id("replication-state")).getText().contains("Up to date"));
        assertThat(browser.driver().findElement(By.cssSelector(".vault-replication")).getText())
                .contains("West " + tag).contains("Blobs on the secondary");
        assertThat(browser.driver().findElement(By.id("replication-last-copied")).getText()).contains("UTC");
        browser.click(browser.driver().findElement(By.id("replication-verify")));
        browser.waitUntil(d -> d.findElement(By.id("replication-verify-message")).getText().contains("started"));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from backup_job where vault_id = :v"
                + " and operation = 'VERIFY_SECONDARY_COPY' and status = 'COMPLETED'").param("v", vault.id())
                .query(Long.class).single() == 1);

        browser.open("vaults/" + vault.id() + "/backup-configuration");
        browser.click(browser.waitUntil(d -> d.findElement(By.id("cross-region-restore"))));
        // secondary-region credentials: disabled with the reason while Cross Region Restore is off
        assertThat(browser.driver().findElement(By.id("download-restore-credentials")).getAttribute("disabled"))
                .isNotNull();
        assertThat(browser.driver().findElement(By.id("restore-credentials-refusal")).getText())
                .contains("Cross Region Restore is off");
        browser.click(browser.driver().findElement(By.id("cross-region-restore-save")));
        browser.waitUntil(d -> d.findElement(By.id("cross-region-restore-message")).getText()
                .contains("Cross Region Restore is now enabled."));
        assertThat(admin(() -> copies.status(vault.id())).crossRegionRestore()).isTrue();
        // then offered as a download link (the file itself: SecondaryRegionCredentialsTest)
        browser.waitUntil(d -> d.findElement(By.id("download-restore-credentials")).getTagName().equals("a"));
        assertThat(browser.driver().findElement(By.id("download-restore-credentials")).getAttribute("href"))
                .isNotBlank();
        assertThat(browser.driver().findElements(By.id("restore-credentials-refusal"))).isEmpty();
        browser.screenshot(Path.of("target", "screenshots", "cross-region-restore.png"));
    }

    /** Service calls as the first admin, the way a signed-in request makes them. */
    private <T> T admin(java.util.function.Supplier<T> action) {
        return io.vaultfleet.console.TestSecurity.runAs(securityStrategy, "admin",
                io.vaultfleet.console.identity.Role.OWNER, action);
    }
}
