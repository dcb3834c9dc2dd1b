package io.vaultfleet.console.recovery;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.agent.backup.BackupResult;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.identity.UserAccountService;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.ServerDetailPage;

/** Undelete on the server page: offered to owners and contributors only; the point comes back and restores. */
@ConsoleTest
class UndeleteBrowserTest {
    private static final String PASSWORD = "Undelete-Test-Password-1";
    private static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    RetentionCleanup retention;

    @Autowired
    RecoveryPointCatalog catalog;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    StorageAccessIssuer issuer;

    @Autowired
    UserAccountService users;

    @Autowired
    SecurityContextHolderStrategy security;

    @TempDir
    Path work;

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    private ServerDetailPage serverPage(String user, String password, UUID serverId) {
        if (browser == null) {
            browser = Browser.start("http://127.0.0.1:" + port + "/");
        }
        browser.driver().manage().deleteAllCookies();
        LoginPage.open(browser).signIn(user, password);
        browser.open("servers/" + serverId);
        return ServerDetailPage.expect(browser);
    }

    @Test
    void anOwnerUndeletesASoftDeletedPointFromTheServerPageAndItRestores() throws Exception {
        Vault vault = vaults.create("undelete");
        AgentEngine agent = AgentEngine.forNewServer(vault, fleet, issuer, catalog, work, UnaryOperator.identity());
        UUID serverId = agent.serverId();
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(300_000, 21));
        BackupResult first = agent.backup();
        Map<String, byte[]> firstState = agent.sourceState();
        Files.write(agent.source.resolve("a.bin"), AgentEngine.random(300_000, 22));
        agent.backup();
        retention.run(serverId, Set.of(first.snapshotId()), "test policy");
        assertThat(agent.snapshotIds()).doesNotContain(first.snapshotId());

        String reader = "undel-reader-" + UUID.randomUUID().toString().substring(0, 6);
        runAs(security, Role.OWNER, () -> users.createUser(reader, reader, PASSWORD, Role.READER));
        ServerDetailPage asReader = serverPage(reader, PASSWORD, serverId);
        assertThat(asReader.recoveryPointRows()).isEqualTo(2);
        assertThat(asReader.undeleteOffered(first.snapshotId())).isFalse();

        ServerDetailPage asOwner = serverPage("admin", ConsoleTest.ADMIN_PASSWORD, serverId);
        assertThat(asOwner.undelete(first.snapshotId())).contains("is back: the agent can restore it");
        assertThat(asOwner.undeleteOffered(first.snapshotId())).isFalse();

        assertThat(agent.snapshotIds()).contains(first.snapshotId());
        agent.assertRestores(first.snapshotId(), firstState);
    }
}
