package io.vaultfleet.testsupport.pages;

import java.nio.file.Path;
import java.time.Duration;

import io.vaultfleet.testsupport.Browser;

import org.openqa.selenium.By;

/** Backup Infrastructure &gt; Prepare infrastructure: the agent package and vault credentials downloads. */
public final class PrepareInfrastructurePage {
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(60);
    private final Browser browser;

    private PrepareInfrastructurePage(Browser browser) {
        this.browser = browser;
    }

    static PrepareInfrastructurePage expect(Browser browser) {
        Fields.byId(browser, "download-credentials");
        return new PrepareInfrastructurePage(browser);
    }

    /** The agent version the page says the package contains. */
    public String agentVersion() {
        return Fields.byId(browser, "agent-version").getAttribute("data-version");
    }

    public String credentialsWarning() {
        return Fields.text(browser, "credentials-warning");
    }

    public String credentialsValidity() {
        return Fields.text(browser, "credentials-validity");
    }

    public Path downloadAgentForWindowsServer() {
        return download("download-agent-server", "*.zip");
    }

    public Path downloadAgentForWindowsClient() {
        return download("download-agent-client", "*.zip");
    }

    public Path downloadCredentials(boolean revokeOlder) {
        if (revokeOlder) {
            Fields.byId(browser, "credentials-revoke-older").findElement(By.cssSelector("input")).click();
            browser.waitForVaadin();
        }
        return download("download-credentials", "*.VaultCredentials");
    }

    private Path download(String id, String glob) {
        var before = browser.downloadedFiles();
        Fields.click(browser, id);
        return browser.waitForDownload(glob, before, DOWNLOAD_TIMEOUT);
    }
}
