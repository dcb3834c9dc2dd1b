package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.LoginPage;

/**
 * Every answer carries the security headers, and the console still works under its Content-Security-Policy in a
 * real browser (a blocked script or style would be reported as a {@code securitypolicyviolation} event).
 */
@ConsoleTest
class SecurityHeadersTest {
    @LocalServerPort
    int port;

    @Autowired
    TestVaults vaults;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void consolePagesCarryTheHeaders() throws Exception {
        for (String path : List.of("/login", "/", "/vaults")) {
            var headers = get(path).headers();
            assertThat(headers.firstValue("Content-Security-Policy")).as(path + " " + headers.map())
                    .hasValue(SecurityConfiguration.CONSOLE_CSP);
            assertThat(headers.firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
            assertThat(headers.firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(headers.firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
            assertThat(headers.firstValue("X-Frame-Options")).as(path).hasValue("DENY");
        }
    }

    @Test
    void agentAnswersCarryTheStrictestHeaders() throws Exception {
        var headers = get("/agent/package").headers();
        assertThat(headers.firstValue("Content-Security-Policy")).hasValue("default-src 'none'; frame-ancestors 'none'");
        assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void theConsoleWorksUnderItsPolicyInABrowser() {
        Vault vault = vaults.create("csp");
        try (Browser browser = Browser.start("http://127.0.0.1:" + port + "/")) {
            LoginPage.open(browser).signIn("admin", ConsoleTest.ADMIN_PASSWORD);
            browser.script("window.__cspViolations = [];"
                    + "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push("
                    + "e.violatedDirective + ' ' + e.blockedURI));");
            // navigate within the single-page console: server round trips, executeJs, styles of new views
            browser.script("window.history.pushState({}, '', 'vaults/" + vault.id() + "/prepare-infrastructure');"
                    + "window.dispatchEvent(new PopStateEvent('popstate'));");
            browser.waitUntil(d -> d.findElement(By.id("download-credentials")), Duration.ofSeconds(30));
            // this console runs without vaultfleet.public-url: the page says what that means
            assertThat(browser.driver().findElement(By.id("public-url-missing")).getText())
                    .contains("vaultfleet.public-url").contains("127.0.0.1");
            browser.script("window.history.pushState({}, '', 'vaults');"
                    + "window.dispatchEvent(new PopStateEvent('popstate'));");
            browser.waitForVaadin();
            assertThat((List<?>) browser.script("return window.__cspViolations;")).isEmpty();
        }
    }
}
