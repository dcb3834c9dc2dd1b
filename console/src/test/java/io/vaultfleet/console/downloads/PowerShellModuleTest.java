package io.vaultfleet.console.downloads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.identity.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/** The PowerShell module: in the agent package beside the install scripts, and downloadable by signed-in users. */
@ConsoleTest
class PowerShellModuleTest {
    @LocalServerPort
    int port;

    @Autowired
    AgentPackageService packages;

    @Autowired
    SecurityContextHolderStrategy security;

    @Test
    void theAgentPackageCarriesTheModuleWithWindowsLineEndings() throws Exception {
        DownloadedFile zip = TestSecurity.runAs(security, Role.OWNER,
                () -> packages.download(AgentPackageService.Edition.WINDOWS_SERVER, null, "http://127.0.0.1:" + port));
        String module = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.content()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().endsWith("/VaultFleet.psm1")) {
                    module = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertThat(module).isNotNull().contains("function Start-VFBackup {\r\n");
        assertThat(module.replace("\r\n", "")).doesNotContain("\n");
    }

    @Test
    void signedInUsersDownloadTheModuleAndOthersAreSentToSignIn() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        var refused = anonymous.send(HttpRequest.newBuilder(uri(PowerShellModuleEndpoint.PATH)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(302);

        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String page = browser.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        var csrf = java.util.regex.Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"").matcher(page);
        String form = "username=admin&password=" + URLEncoder.encode(ConsoleTest.ADMIN_PASSWORD, StandardCharsets.UTF_8)
                + (csrf.find() ? "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8) : "");
        browser.send(HttpRequest.newBuilder(uri("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        var module = browser.send(HttpRequest.newBuilder(uri(PowerShellModuleEndpoint.PATH)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(module.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"VaultFleet.psm1\"");
        assertThat(module.body()).startsWith("#Requires -Version 5.1").contains("function Connect-VFConsole {");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
