package io.vaultfleet.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.identity.UserAccountService;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultService;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.Tooltips;

/**
 * In headless Chromium, a Reader hovers disabled controls and reads why they are disabled: the role and the scope
 * needed. Vaadin's disabled buttons ignore the pointer unless the {@code accessibleDisabledButtons} feature flag is on
 * in the page, so this also shows the flag reaches the browser.
 */
@ConsoleTest
class DisabledTooltipBrowserTest {
    private static final String READER = "tooltip-reader";
    private static final String PASSWORD = "Hover-Secret-passage-93";
    private static Browser browser;

    @LocalServerPort int port;
    @Autowired UserAccountService users;
    @Autowired TestVaults testVaults;
    @Autowired SecurityContextHolderStrategy security;

    @BeforeAll
    static void noBrowserYet() {
        browser = null;
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aReaderHoversDisabledControlsAndReadsTheRoleAndScopeNeeded() {
        TestSecurity.runAs(security, Role.OWNER, () -> users.createUser(READER, "Tooltip reader", PASSWORD, Role.READER));
        Vault vault = testVaults.create("tooltip");
        browser = Browser.start("http://127.0.0.1:" + port + "/");
        LoginPage.open(browser).signIn(READER, PASSWORD);

        browser.open("vaults");
        assertThat(Tooltips.disabled(browser, "add-vault-button")).isTrue();
        assertThat(Tooltips.disabledButtonsHoverable(browser)).as("accessibleDisabledButtons in the page").isTrue();
        assertThat(Tooltips.onHover(browser, "add-vault-button")).isEqualTo(VaultService.CREATE_NEEDS)
                .contains("Contributor role", "subscription", "resource group");

        browser.open("policies?vault=" + vault.id());
        assertThat(Tooltips.disabled(browser, "policies-schedule-backup")).isTrue();
        assertThat(Tooltips.onHover(browser, "policies-schedule-backup"))
                .isEqualTo("You need the Contributor role at this vault to change its policies.");

        browser.open("vaults/" + vault.id() + "/backup-goal");
        assertThat(Tooltips.disabled(browser, "goal-ok-button")).isTrue();
        assertThat(Tooltips.onHover(browser, "goal-ok-button")).contains("Contributor role", "this vault");
    }
}
