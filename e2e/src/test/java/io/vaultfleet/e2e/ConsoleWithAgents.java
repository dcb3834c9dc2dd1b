package io.vaultfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.FreePorts;
import io.vaultfleet.testsupport.ManagedProcess;
import io.vaultfleet.testsupport.pages.LoginPage;

import tools.jackson.databind.json.JsonMapper;

/**
 * The set-up the browser tests share: the packaged console on a free port with its own data folder, Chromium signed
 * in as admin, one vault's credentials downloaded through the portal's pages, and agents registered with them and run
 * as processes. Registered as an extension ({@code @RegisterExtension final ConsoleWithAgents fleet = new
 * ConsoleWithAgents();}), it stops the browser, every agent it ran and the console after each test, in that order.
 */
final class ConsoleWithAgents implements AfterEachCallback, AutoCloseable {
    private Path work;
    private ConsoleProcess console;
    private Browser browser;
    private Path credentials;
    private final List<ManagedProcess> agents = new ArrayList<>();

    /**
     * Starts the console (data in {@code work/console-data}) and the browser, signs in as admin and creates the vault
     * in subscription Fabrikam, keeping its downloaded credentials. What started is stopped after the test even when
     * a later step fails.
     */
    ConsoleWithAgents start(Path work, String resourceGroup, String vaultName) throws IOException {
        this.work = work;
        Files.createDirectories(work.resolve("console-data"));
        console = ConsoleProcess.start("console", FreePorts.next(), work.resolve("console-data"));
        browser = Browser.start(console.baseUrl());
        LoginPage.open(browser).signIn("admin", console.printedAdminPassword());
        credentials = Onboarding.vaultCredentials(browser, "Fabrikam", resourceGroup, vaultName);
        return this;
    }

    ConsoleProcess console() {
        return console;
    }

    Browser browser() {
        return browser;
    }

    /** The vault's credentials file, as the admin downloaded it. */
    Path credentials() {
        return credentials;
    }

    /** The vault's id, read from its credentials (the signed payload's {@code vaultId}). */
    String vaultId() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        String payload = json.readTree(Files.readAllBytes(credentials)).get("payload").asString();
        return json.readTree(Base64.getUrlDecoder().decode(payload)).get("vaultId").asString();
    }

    /**
     * {@code fleet-agent register} of a server named {@code hostName} with the vault's credentials, its home in
     * {@code work/hostName}; returns the home.
     */
    Path register(String hostName, Path passphraseFile) {
        Path home = work.resolve(hostName);
        ManagedProcess register = AgentProcess.runToEnd("register-" + hostName, work, "register", "--vault-credentials",
                credentials.toString(), "--home", home.toString(), "--passphrase-file", passphraseFile.toString(),
                "--allow-insecure-http", "--host-name", hostName);
        assertThat(register.waitForExit(Duration.ofSeconds(1))).as(register.output()).isZero();
        return home;
    }

    /** {@code fleet-agent run} of a registered agent; stopped after the test. */
    ManagedProcess run(String name, Path home) {
        return track(AgentProcess.run(name, null, home, null));
    }

    /** As {@link #run(String, Path)}, its backups uploading at most {@code kibPerSecond}. */
    ManagedProcess runLimited(String name, Path home, long kibPerSecond) {
        return track(AgentProcess.runLimited(name, home, kibPerSecond));
    }

    /** The id of the server whose page the browser shows ({@code /servers/<id>[?...]}). */
    String shownServerId() {
        String url = browser.driver().getCurrentUrl();
        String tail = url.substring(url.indexOf("/servers/") + "/servers/".length());
        return tail.contains("?") ? tail.substring(0, tail.indexOf('?')) : tail;
    }

    private ManagedProcess track(ManagedProcess agent) {
        agents.add(agent);
        return agent;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>();
        all.add(browser);
        all.addAll(agents);
        all.add(console);
        for (AutoCloseable c : all) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort: the next one is stopped all the same
            }
        }
        agents.clear();
        browser = null;
        console = null;
    }
}
