package io.vaultfleet.console.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.downloads.ConsoleSigningKey;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.subscription.ResourceGroup;
import io.vaultfleet.console.subscription.Subscription;
import io.vaultfleet.console.subscription.SubscriptionService;
import io.vaultfleet.protocol.vault.CredentialsVerifier;
import io.vaultfleet.protocol.vault.VaultCredentials;
import io.vaultfleet.protocol.vault.VaultName;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.CreateVaultPage;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.PrepareInfrastructurePage;
import io.vaultfleet.testsupport.pages.Shell;
import io.vaultfleet.testsupport.pages.StorageLocationsPage;
import io.vaultfleet.testsupport.pages.SubscriptionsPage;
import io.vaultfleet.testsupport.pages.Tooltips;
import io.vaultfleet.testsupport.pages.VaultPage;
import io.vaultfleet.testsupport.pages.VaultsPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A person in headless Chromium walks the portal flows of issue 3: subscription, resource group and vault (with every
 * name rule), storage redundancy before and after protection, the backup goal, and both downloads, checking the
 * credentials file with shared-protocol's verifier. One browser for the class; each test signs in afresh.
 */
@ConsoleTest
class PortalFlowsBrowserTest {
    private static Browser browser;

    @LocalServerPort int port;
    @Autowired VaultService vaults;
    @Autowired SubscriptionService subscriptions;
    @Autowired StorageLocationService locations;
    @Autowired ConsoleSigningKey signingKey;
    @Autowired AuditLog audit;
    @Autowired Clock clock;

    @Autowired org.springframework.security.core.context.SecurityContextHolderStrategy securityStrategy;

    private final String tag = UUID.randomUUID().toString().substring(0, 6);

    private <T> T admin(Supplier<T> action) {
        return TestSecurity.runAs(securityStrategy, io.vaultfleet.console.identity.Role.OWNER, action);
    }

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
    void createsSubscriptionResourceGroupAndVaultWithLiveNameRules() {
        String sub = "Contoso " + tag;
        String group = "rg-backup-" + tag;
        SubscriptionsPage subs = SubscriptionsPage.open(browser).addSubscription(sub);
        assertThat(subs.subscriptions()).contains(sub);
        assertThat(subs.addSubscriptionExpectingError(sub.toUpperCase())).contains("already exists");
        subs.select(sub);
        assertThat(subs.addResourceGroupExpectingError("bad name.")).contains("only letters", "cannot end with a period");
        subs.select(sub).addResourceGroup(group);

        // a vault that takes a name, to show uniqueness is case-insensitive
        String taken = "taken-" + tag;
        admin(() -> vaults.create(new CreateVaultRequest(taken, subscriptionId(sub), groupId(sub, group), null,
                locations.list().stream().filter(l -> l.name().equals(io.vaultfleet.console.storage.StorageLocationService.DEFAULT_NAME)).findFirst().orElseThrow().id())));

        CreateVaultPage create = VaultsPage.open(browser).add().subscription(sub).resourceGroup(group);
        assertThat(create.name("a").nameProblems()).containsExactly(VaultName.LENGTH);
        assertThat(create.name("1vault").nameProblems()).containsExactly(VaultName.FIRST_LETTER);
        assertThat(create.name("my_vault").nameProblems()).containsExactly(VaultName.CHARACTERS);
        assertThat(create.name("v".repeat(51)).nameProblems()).containsExactly(VaultName.LENGTH);
        assertThat(create.name("_").nameProblems())
                .containsExactly(VaultName.LENGTH, VaultName.FIRST_LETTER, VaultName.CHARACTERS);
        assertThat(create.name("").nameProblems()).containsExactly(VaultName.REQUIRED);
        assertThat(create.name(taken.toUpperCase()).nameProblems()).singleElement().asString()
                .contains("already exists in subscription '" + sub + "'");
        String vaultName = "Vault-" + tag;
        assertThat(create.name(vaultName).nameProblems()).isEmpty();
        create.location("Local (data folder)");
        assertThat(create.reviewAndCreate()).isEqualTo("Validation passed");
        assertThat(create.reviewSummary()).contains(sub, group, vaultName, "Geo-redundant");
        VaultPage vault = create.create(vaultName);
        assertThat(vault.notification()).contains("Deployment succeeded", vaultName);
        assertThat(vault.overviewValue("protected-servers")).isEqualTo("0");
        assertThat(vault.overviewValue("recovery-points")).isEqualTo("0");
        assertThat(vault.overviewValue("storage-used")).isEqualTo("0 B");
        assertThat(vault.overviewValue("jobs")).isEqualTo("0");
        assertThat(vault.overviewValue("alerts")).isEqualTo("0");
        assertThat(vault.essentials()).contains(group, sub, "Geo-redundant", "Enabled (14 days)");
        browser.screenshot(Path.of("target", "screenshots", "vault-overview.png"));

        VaultsPage list = VaultsPage.open(browser);
        // the grid renders its first rows only, and other tests of this context add vaults: find these two by name
        assertThat(list.filterByName(tag.toUpperCase()).vaultNames()).containsExactlyInAnyOrder(vaultName, taken);
        assertThat(list.filterByName("vault-" + tag).vaultNames()).containsExactly(vaultName);
        browser.screenshot(Path.of("target", "screenshots", "vaults-list.png"));

        // "Create new" resource group from the create form
        CreateVaultPage second = VaultsPage.open(browser).add().subscription(sub).newResourceGroup("rg-new-" + tag)
                .name("second-" + tag).location("Local (data folder)");
        assertThat(second.reviewAndCreate()).isEqualTo("Validation passed");
        second.create("second-" + tag);
        assertThat(admin(() -> subscriptions.resourceGroups(subscriptionId(sub)))).extracting(ResourceGroup::name)
                .contains("rg-new-" + tag);
    }

    @Test
    void changesRedundancyBeforeProtectionAndIsRefusedAfter() {
        Vault created = vaultInNewGroup("redundancy-" + tag);
        VaultPage page = VaultsPage.open(browser).filterByName(created.name()).openVault(created.name())
                .backupConfiguration();
        assertThat(page.redundancyOptions()).hasSize(3).allSatisfy(o -> assertThat(o).contains("Cost:"));
        assertThat(page.redundancyLockBanner()).isEmpty();
        assertThat(page.changeRedundancy("Locally-redundant")).contains("now Locally-redundant");
        assertThat(admin(() -> vaults.get(created.id())).redundancy()).isEqualTo(StorageRedundancy.LOCALLY_REDUNDANT);

        admin(() -> {
            vaults.recordProtectedItem(created.id(), UUID.randomUUID(), "SYSTEM_STATE", "System State");
            return null;
        });
        page.reload();
        assertThat(page.redundancyLockBanner()).contains("1 item is protected");
        String refusal = page.changeRedundancy("Geo-redundant");
        assertThat(page.redundancyRefused()).isTrue();
        assertThat(refusal).contains("can't be changed", "1 item is protected");
        browser.screenshot(Path.of("target", "screenshots", "backup-configuration-locked.png"));
        assertThat(admin(() -> vaults.get(created.id())).redundancy()).isEqualTo(StorageRedundancy.LOCALLY_REDUNDANT);
        assertThat(page.overview().overviewValue("protected-servers")).isEqualTo("1");
        assertThat(page.securitySettings().softDeleteStatus()).contains("enabled", "14 days");
    }

    @Test
    void picksTheBackupGoalAndDownloadsAgentAndSignedCredentials() throws IOException {
        Vault created = vaultInNewGroup("goal-" + tag);
        VaultPage page = VaultsPage.open(browser).filterByName(created.name()).openVault(created.name()).backupGoal();
        assertThat(page.workloadSelectable("On-premises")).isTrue();
        assertThat(page.workloadSelectable("Azure")).isFalse();
        assertThat(page.itemSelectable("Files and folders")).isTrue();
        assertThat(page.itemSelectable("System State")).isTrue();
        assertThat(page.itemSelectable("Microsoft SQL Server")).isFalse();
        assertThat(page.itemLabels()).filteredOn(l -> l.contains("not supported yet")).hasSize(6);

        PrepareInfrastructurePage prepare = page.chooseGoal("On-premises", "System State");
        assertThat(admin(() -> vaults.get(created.id())).goal())
                .isEqualTo(new BackupGoal(BackupGoal.Workload.ON_PREMISES, java.util.Set.of(BackupGoal.Item.SYSTEM_STATE)));
        assertThat(prepare.agentVersion()).isNotBlank().isNotEqualTo("not available");
        assertThat(prepare.credentialsWarning()).contains("only on the server that will use it");
        assertThat(prepare.credentialsValidity()).contains("10 days");
        browser.screenshot(Path.of("target", "screenshots", "prepare-infrastructure.png"));

        Path zip = prepare.downloadAgentForWindowsServer();
        assertThat(zip.getFileName().toString()).isEqualTo("VaultFleetAgent-" + prepare.agentVersion() + "-windows-server.zip");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<String> names = Collections.list(z.entries()).stream().map(ZipEntry::getName)
                    .map(n -> n.substring(n.indexOf('/') + 1)).toList();
            assertThat(names).contains("fleet-agent.jar", "install.ps1", "uninstall.ps1", "agent-loop.ps1",
                    "linux/install.sh", "linux/agent-loop.sh", "linux/vaultfleet-agent.service", "README.txt");
            ZipEntry unit = Collections.list(z.entries()).stream()
                    .filter(e -> e.getName().endsWith("vaultfleet-agent.service")).findFirst().orElseThrow();
            assertThat(new String(z.getInputStream(unit).readAllBytes())).contains("agent-loop.sh");
            ZipEntry readme = Collections.list(z.entries()).stream()
                    .filter(e -> e.getName().endsWith("README.txt")).findFirst().orElseThrow();
            String readmeText = new String(z.getInputStream(readme).readAllBytes());
            String consoleUrl = browser.baseUrl().endsWith("/") ? browser.baseUrl().substring(0, browser.baseUrl().length() - 1)
                    : browser.baseUrl();
            assertThat(readmeText).contains("-ConsoleUrl " + consoleUrl).contains("--console " + consoleUrl);
            ZipEntry install = Collections.list(z.entries()).stream()
                    .filter(e -> e.getName().endsWith("/install.ps1")).findFirst().orElseThrow();
            assertThat(new String(z.getInputStream(install).readAllBytes())).contains("\r\n").contains("RunAsAdministrator");
        }

        Path file = prepare.downloadCredentials(false);
        String today = java.time.format.DateTimeFormatter.ISO_LOCAL_DATE.format(clock.instant().atZone(java.time.ZoneOffset.UTC));
        assertThat(file.getFileName().toString()).isEqualTo(created.name() + "_" + today + ".VaultCredentials");
        var verifier = CredentialsVerifier.trusting(List.of(signingKey.publicKey()), clock, id -> false);
        var result = verifier.verify(Files.readAllBytes(file));
        assertThat(result.outcome()).isEqualTo(CredentialsVerifier.Outcome.VALID);
        VaultCredentials c = result.credentials();
        assertThat(c.vaultId()).isEqualTo(created.id());
        assertThat(c.vaultName()).isEqualTo(created.name());
        assertThat(c.subscriptionId()).isEqualTo(created.subscriptionId());
        assertThat(c.resourceGroup()).isEqualTo(created.resourceGroupName());
        assertThat(c.storageLocation()).isEqualTo("local");
        assertThat(c.consoleUrl().toString()).isEqualTo(browser.baseUrl());
        assertThat(Duration.between(c.issuedAt(), c.expiresAt())).isEqualTo(Duration.ofDays(10));
        assertThat(Duration.between(c.issuedAt(), clock.instant()).abs()).isLessThan(Duration.ofMinutes(2));
        assertThat(c.enrollmentSecret()).hasSizeGreaterThanOrEqualTo(43);
        // expired once the ten days are over
        var later = CredentialsVerifier.trusting(List.of(signingKey.publicKey()),
                Clock.fixed(c.expiresAt(), java.time.ZoneOffset.UTC), id -> false);
        assertThat(later.verify(Files.readAllBytes(file)).outcome()).isEqualTo(CredentialsVerifier.Outcome.EXPIRED);

        // a second download with "revoke older" revokes the first one
        prepare.downloadCredentials(true);
        assertThat(credentialChecks.verify(Files.readAllBytes(file)).outcome())
                .isEqualTo(CredentialsVerifier.Outcome.REVOKED);

        assertThat(audit.recent(50)).extracting(AuditLog.Entry::action)
                .contains("vault.credentials.download", "agent.download", "vault.backup-goal");
        assertThat(audit.recent(50)).filteredOn(e -> e.action().equals("vault.credentials.download"))
                .allSatisfy(e -> assertThat(e.detail()).doesNotContain(c.enrollmentSecret()));
    }

    @Test
    void configuresStorageLocationsWithoutEverShowingTheSecret() {
        String secret = "S3cr3t-account-key-" + tag + "==";
        StorageLocationsPage storage = StorageLocationsPage.open(browser);
        assertThat(storage.gridText()).contains("local", "Local (data folder)");

        Map<String, String> errors = storage.startAdding().fill("storage-name", "9-Bad").fill("storage-display-name", "")
                .kind("Folder").fill("storage-folder", "relative/path").save();
        assertThat(errors).containsOnlyKeys("storage-name", "storage-display-name", "storage-folder");
        assertThat(errors.get("storage-name")).contains("lower-case letters");
        assertThat(errors.get("storage-display-name")).contains("Enter a display name");
        assertThat(errors.get("storage-folder")).contains("must be absolute");

        errors = storage.fill("storage-name", "west-" + tag).fill("storage-display-name", "West " + tag)
                .kind("Azure Blob Storage").fill("storage-account-url", "http://example.com").save();
        assertThat(errors).containsOnlyKeys("storage-account-url", "storage-credential");
        assertThat(errors.get("storage-account-url")).contains("must use https");
        assertThat(errors.get("storage-credential")).contains("Enter the storage account key");

        assertThat(storage.fill("storage-account-url", "https://west" + tag + ".blob.core.windows.net")
                .fill("storage-credential", secret).paired("Local (data folder)").save()).isEmpty();
        assertThat(storage.gridText()).contains("west-" + tag, "Stored (hidden)", "Local (data folder)")
                .doesNotContain(secret);
        assertThat(storage.startEditing("west-" + tag).value("storage-credential")).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(secret);
        assertThat(audit.recent(20)).allSatisfy(e -> assertThat(String.valueOf(e.detail())).doesNotContain(secret));
        // a blank credential on edit keeps the stored one
        assertThat(storage.fill("storage-display-name", "West Europe " + tag).save()).isEmpty();
        assertThat(storage.gridText()).contains("West Europe " + tag, "Stored (hidden)");
    }

    @Test
    void disablingSoftDeleteNeedsASecondOwnerInTheBrowser() {
        Vault created = vaultInNewGroup("softdel-" + tag);
        String owner2 = "owner2-" + tag;
        admin(() -> users.createUser(owner2, owner2, "Second-owner-password-1", io.vaultfleet.console.identity.Role.OWNER));
        VaultPage page = VaultsPage.open(browser).filterByName(created.name()).openVault(created.name())
                .securitySettings();
        assertThat(page.softDeleteStatus()).contains("enabled");
        page.requestSoftDeleteOff();
        assertThat(page.softDeletePending()).contains("requested by admin", "different owner");
        assertThat(page.canConfirmSoftDeleteOff()).isFalse();

        Shell.expect(browser).signOut().signIn(owner2, "Second-owner-password-1");
        VaultPage other = VaultsPage.open(browser).filterByName(created.name()).openVault(created.name())
                .securitySettings();
        assertThat(other.canConfirmSoftDeleteOff()).isTrue();
        other.confirmSoftDeleteOff();
        assertThat(other.softDeleteStatus()).contains("disabled");
        assertThat(admin(() -> vaults.get(created.id())).softDeleteEnabled()).isFalse();
    }

    @Test
    void aReaderAtOneResourceGroupSeesOnlyItsVaults() {
        Vault mine = vaultInNewGroup("mine-" + tag);
        Vault other = vaultInNewGroup("other-" + tag);
        String reader = "reader-" + tag;
        admin(() -> {
            users.createUser(reader, reader, "Reader-password-123", io.vaultfleet.console.identity.Role.READER);
            access.removeGlobalRole(reader);
            return null;
        });
        // granted through the browser, by the owner, at the resource group
        SubscriptionsPage.open(browser).select("Sub mine-" + tag)
                .grantAtResourceGroup("rg-mine-" + tag, reader, "Reader");
        // without a console-wide role, home is still the dashboard, counting only the vaults the user may read;
        // servers, jobs and alerts are open too, filtered the same way (VaultAccessMatrixTest, ScopedViewsTest)
        Shell home = Shell.expect(browser).signOut().signIn(reader, "Reader-password-123");
        assertThat(home.heading()).isEqualTo("Dashboard");
        assertThat(home.navigationLabels()).contains("Recovery Services vaults", "Subscriptions", "Registered servers",
                "Dashboard");
        assertThat(VaultsPage.open(browser).vaultNames()).containsExactly(mine.name());
        browser.open("vaults/" + other.id());
        assertThat(VaultPage.unavailableMessage(browser)).contains("Reader role");
        browser.open("vaults/" + mine.id() + "/backup-configuration");
        VaultPage.expectOpen(browser, mine.name());
        // no silent click: Save is disabled and says on hover which role it needs
        assertThat(Tooltips.disabled(browser, "redundancy-save")).isTrue();
        assertThat(Tooltips.onHover(browser, "redundancy-save")).contains("Contributor role");
        assertThat(admin(() -> vaults.get(mine.id())).redundancy()).isEqualTo(StorageRedundancy.GEO_REDUNDANT);
    }

    @Autowired io.vaultfleet.console.identity.AccessControl access;
    @Autowired io.vaultfleet.console.identity.UserAccountService users;

    @Autowired io.vaultfleet.console.downloads.CredentialChecks credentialChecks;

    private Vault vaultInNewGroup(String name) {
        return admin(() -> {
            Subscription s = subscriptions.createSubscription("Sub " + name);
            ResourceGroup g = subscriptions.createResourceGroup(s.id(), "rg-" + name);
            return vaults.create(new CreateVaultRequest(name, s.id(), g.id(), null, locations.list().stream().filter(l -> l.name().equals(io.vaultfleet.console.storage.StorageLocationService.DEFAULT_NAME)).findFirst().orElseThrow().id()));
        });
    }

    private UUID subscriptionId(String name) {
        return admin(() -> subscriptions.subscriptions().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow().id());
    }

    private UUID groupId(String subscription, String group) {
        return admin(() -> subscriptions.resourceGroups(subscriptionId(subscription)).stream()
                .filter(g -> g.name().equals(group)).findFirst().orElseThrow().id());
    }
}
