package io.vaultfleet.testsupport.pages;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.vaultfleet.testsupport.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Registered servers ({@code /servers}). */
public final class ServersPage {
    private final Browser browser;

    private ServersPage(Browser browser) {
        this.browser = browser;
    }

    public static ServersPage open(Browser browser) {
        browser.open("servers");
        browser.waitUntil(d -> !d.findElements(By.id("servers-grid")).isEmpty());
        return new ServersPage(browser);
    }

    /** The status shown for a server (e.g. "Online"), or empty if the server is not listed. */
    public Optional<String> statusOf(String serverName) {
        List<WebElement> badges = browser.driver().findElements(
                By.cssSelector("#servers-grid .server-status[data-server='" + serverName + "']"));
        return badges.isEmpty() ? Optional.empty() : Optional.of(badges.getFirst().getText().trim());
    }

    /** Waits, without reloading the page, until the server shows the given status. */
    public void waitForStatus(String serverName, String status, Duration timeout) {
        browser.waitUntil(d -> statusOf(serverName).filter(status::equals).isPresent(), timeout);
    }

    /** The "Next scheduled backup" cell of a server, as shown. */
    public Optional<String> nextBackupOf(String serverName) {
        List<WebElement> cells = browser.driver().findElements(
                By.cssSelector("#servers-grid .next-backup[data-server='" + serverName + "']"));
        return cells.isEmpty() ? Optional.empty() : Optional.of(cells.getFirst().getText().trim());
    }

    /** The Alerts column of a server (e.g. "1 · Critical" or "None"), or empty if the server is not listed. */
    public Optional<String> alertsOf(String serverName) {
        List<WebElement> badges = browser.driver().findElements(
                By.cssSelector("#servers-grid .server-alerts[data-server='" + serverName + "']"));
        return badges.isEmpty() ? Optional.empty() : Optional.of(badges.getFirst().getText().trim());
    }

    /** Waits, without reloading the page, until the server's Alerts column shows {@code text}. */
    public void waitForAlerts(String serverName, String text, Duration timeout) {
        browser.waitUntil(d -> alertsOf(serverName).filter(text::equals).isPresent(), timeout);
    }

    public String summary() {
        return browser.driver().findElement(By.id("server-summary")).getText().trim();
    }

    /** A marker planted in the page; it survives only if the page is never reloaded. */
    public void plantReloadMarker() {
        browser.script("window.__vfNoReload = true;");
    }

    public boolean reloadMarkerPresent() {
        return Boolean.TRUE.equals(browser.script("return window.__vfNoReload === true;"));
    }

    /** The servers registered in one vault ({@code /servers?vault=<id>}). */
    public static ServersPage openVault(Browser browser, String vaultId) {
        browser.open("servers?vault=" + vaultId);
        browser.waitUntil(d -> !d.findElements(By.id("servers-grid")).isEmpty());
        return new ServersPage(browser);
    }

    /**
     * Back Up Now for every server the page lists (the vault's, when nothing is ticked): files and folders
     * {@code paths}; returns the notification that says how many started.
     */
    public String backUpNowAll(String... paths) {
        WebElement button = browser.waitUntil(d -> d.findElements(By.id("servers-back-up-now")).stream()
                .filter(b -> b.getText().contains("whole vault")).findFirst().orElse(null));
        browser.script("arguments[0].click();", button);
        return BackUpNowDialog.fill(browser, paths);
    }

    /** Opens a server's detail page by clicking its row. */
    public ServerDetailPage open(String serverName) {
        // the live grid may redraw the row between finding and clicking it: find and click again then
        browser.waitUntil(d -> d.findElements(By.cssSelector("#servers-grid .server-status[data-server='" + serverName + "']"))
                .stream().findFirst().map(badge -> {
                    badge.click();
                    return true;
                }).orElse(null));
        return ServerDetailPage.expect(browser);
    }
}
