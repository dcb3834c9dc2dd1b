package io.vaultfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.FreePorts;
import io.vaultfleet.testsupport.ManagedProcess;
import io.vaultfleet.testsupport.TinyProxy;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.ServersPage;

/**
 * A server that reaches the console only through an authenticated HTTP proxy (Debian's tinyproxy, Basic
 * authentication): registration, the service's WebSocket and a backup's storage request all go through it.
 */
class ProxyEndToEndTest {
    private static final Duration LIVE = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private ConsoleProcess console;
    private ManagedProcess agent;
    private Browser browser;
    private TinyProxy proxy;

    @AfterEach
    void stopEverything() {
        for (AutoCloseable c : new AutoCloseable[] {browser, agent, console, proxy}) {
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
    void anAgentBehindAnAuthenticatedProxyRegistersConnectsAndBacksUp() throws Exception {
        Files.createDirectories(work.resolve("console-data"));
        console = ConsoleProcess.start("console", FreePorts.next(), work.resolve("console-data"));
        browser = Browser.start(console.baseUrl());
        LoginPage.open(browser).signIn("admin", console.printedAdminPassword());
        Path credentials = Onboarding.vaultCredentials(browser, "Northwind", "rg-proxy", "vault-proxy");
        proxy = TinyProxy.start(work.resolve("proxy"), "agent", "proxy-secret-4711");
        Path passphrase = work.resolve("passphrase.txt");
        Files.writeString(passphrase, "a long enough passphrase for the proxy test");
        Path wrongPassword = work.resolve("wrong-proxy-password.txt");
        Files.writeString(wrongPassword, "not-the-password\n");
        Path proxyPassword = work.resolve("proxy-password.txt");
        Files.writeString(proxyPassword, "proxy-secret-4711\n");
        Path home = work.resolve("agent-home");

        ManagedProcess refused = AgentProcess.runToEnd("register-wrong-proxy-password", work, "register",
                "--vault-credentials", credentials.toString(), "--home", home.toString(), "--passphrase-file",
                passphrase.toString(), "--allow-insecure-http", "--host-name", "e2e-proxied",
                "--proxy", proxy.url(), "--proxy-user", "agent", "--proxy-password-file", wrongPassword.toString());
        assertThat(refused.waitForExit(Duration.ofSeconds(1))).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("refused the request (HTTP 407 Proxy Authentication Required)");

        ManagedProcess register = AgentProcess.runToEnd("register-via-proxy", work, "register",
                "--vault-credentials", credentials.toString(), "--home", home.toString(), "--passphrase-file",
                passphrase.toString(), "--allow-insecure-http", "--host-name", "e2e-proxied",
                "--proxy", proxy.url(), "--proxy-user", "agent", "--proxy-password-file", proxyPassword.toString());
        assertThat(register.waitForExit(Duration.ofSeconds(1))).as(register.output()).isZero();
        assertThat(register.output()).doesNotContain("proxy-secret-4711");
        assertThat(proxy.log()).contains("POST http://127.0.0.1:" + console.port() + "/agent/enroll");
        // kept for the service: the address and user in proxy.json, the password as a secret (owner-only here)
        assertThat(Files.readString(home.resolve("proxy.json"))).contains(proxy.url()).contains("agent")
                .doesNotContain("proxy-secret-4711");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("secrets/proxy-password"))))
                .isEqualTo("rw-------");

        agent = AgentProcess.run("agent", null, home, null);
        ServersPage servers = ServersPage.open(browser);
        servers.waitForStatus("e2e-proxied", "Online", LIVE);
        assertThat(proxy.log()).contains("CONNECT 127.0.0.1:" + console.port());

        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("ledger.csv"), "1,2,3\n");
        ManagedProcess backup = AgentProcess.runToEnd("backup-via-proxy", work, "backup", "--home", home.toString(),
                data.toString());
        assertThat(backup.waitForExit(Duration.ofSeconds(1))).as(backup.output()).isZero();
        assertThat(proxy.log()).contains("POST http://127.0.0.1:" + console.port() + "/agent/storage");
        assertThat(agent.output() + register.output() + backup.output() + proxy.log()).doesNotContain("proxy-secret-4711");
    }
}
