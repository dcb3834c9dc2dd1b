package io.vaultfleet.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.Shell;

/** A person in headless Chromium: signs in, walks the portal frame, signs out. */
@ConsoleTest
class ShellBrowserTest {
    private static Browser browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void noBrowserYet() {
        browser = null;
    }

    @BeforeEach
    void startBrowser() {
        if (browser == null) {
            browser = Browser.start("http://127.0.0.1:" + port + "/");
        }
        browser.driver().manage().deleteAllCookies();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void adminSignsInWalksTheShellAndSignsOut() {
        Shell shell = LoginPage.open(browser).signIn("admin", ConsoleTest.ADMIN_PASSWORD);
        assertThat(shell.signedInUser()).contains("admin");
        assertThat(shell.navigationLabels()).containsExactly("Dashboard", "Recovery Services vaults",
                "Registered servers", "Backup jobs", "Backup policies", "Alerts", "Subscriptions", "Settings");

        for (String label : List.of("Recovery Services vaults", "Registered servers", "Backup jobs", "Backup policies",
                "Alerts", "Subscriptions", "Settings",
                "Dashboard")) {
            shell.navigate(label);
            assertThat(shell.heading()).as("heading of " + label).isEqualTo(label);
            if (!label.equals("Dashboard")) {
                assertThat(shell.breadcrumbTrail()).as("breadcrumbs of " + label).containsExactly("Home", label);
            }
        }
        browser.screenshot(Path.of("target", "screenshots", "shell-dashboard.png"));

        LoginPage signedOut = shell.signOut();
        assertThat(signedOut.currentUrl()).contains("/login");
        // the session is gone: a view now sends the browser back to the sign-in page
        browser.open("servers");
        LoginPage.expect(browser);
    }

    @Test
    void aWrongPasswordIsRefusedWithAMessage() {
        LoginPage page = LoginPage.open(browser).submitExpectingRefusal("admin", "certainly-not-it");
        assertThat(page.queryParameters()).contains("error");
        assertThat(page.errorTitle()).isNotBlank();
        Shell shell = page.signIn("admin", ConsoleTest.ADMIN_PASSWORD);
        assertThat(shell.heading()).isEqualTo("Dashboard");
        shell.signOut();
    }
}
