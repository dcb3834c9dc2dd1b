package io.vaultfleet.testsupport.pages;

import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

import io.vaultfleet.testsupport.Browser;

/** One registered server ({@code /servers/<id>}): properties, connection history, recovery points, actions. */
public final class ServerDetailPage {
    private final Browser browser;

    private ServerDetailPage(Browser browser) {
        this.browser = browser;
    }

    public static ServerDetailPage expect(Browser browser) {
        browser.waitUntil(d -> !d.findElements(By.id("server-properties")).isEmpty());
        browser.waitForVaadin();
        return new ServerDetailPage(browser);
    }

    /** The value shown for a property, e.g. "Status" → "Online since …". */
    public String property(String label) {
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("#server-properties .property"));
        for (WebElement row : rows) {
            if (row.findElement(By.cssSelector(".property-label")).getText().trim().equals(label)) {
                return row.findElement(By.cssSelector(".property-value")).getText().trim();
            }
        }
        throw new AssertionError("no property '" + label + "'");
    }

    /** Rows of the connection history grid, as text. */
    public int connectionRows() {
        Object n = browser.script("const g = document.getElementById('connection-history'); return g ? g.size : -1;");
        return ((Number) n).intValue();
    }

    public int recoveryPointRows() {
        Object n = browser.script("const g = document.getElementById('recovery-points'); return g ? g.size : -1;");
        return ((Number) n).intValue();
    }

    /** Whether the recovery points section offers Undelete for this point (owners and contributors only). */
    public boolean undeleteOffered(String recoveryPointId) {
        return !browser.driver().findElements(undeleteButton(recoveryPointId)).isEmpty();
    }

    /** Clicks Undelete on a soft-deleted recovery point; returns the section's message. */
    public String undelete(String recoveryPointId) {
        WebElement button = browser.waitUntil(d -> d.findElements(undeleteButton(recoveryPointId)).stream()
                .findFirst().orElse(null));
        browser.script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", button);
        return browser.waitUntil(d -> {
            String text = d.findElement(By.id("recovery-points-message")).getText().trim();
            return text.isEmpty() ? null : text;
        });
    }

    private static By undeleteButton(String recoveryPointId) {
        return By.cssSelector("vaadin-button.undelete-recovery-point[data-recovery-point='" + recoveryPointId + "']");
    }

    /** Unregisters the server through the confirmation dialog. */
    public ServerDetailPage unregister(String reason) {
        browser.script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();",
                browser.driver().findElement(By.id("unregister-server")));
        WebElement field = browser.waitUntil(d -> d.findElements(By.cssSelector("#unregister-reason input")).stream()
                .findFirst().orElse(null));
        field.sendKeys(reason);
        WebElement confirm = browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-confirm-dialog-overlay vaadin-button[slot='confirm-button'], vaadin-button[slot='confirm-button']"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        confirm.click();
        browser.waitUntil(d -> {
            try {
                return property("Status").equals("Unregistered");
            } catch (AssertionError | StaleElementReferenceException rerendering) {
                return false;
            }
        });
        return this;
    }

    /** Clicks "Upgrade agent to …" and returns the notification text. */
    public String upgradeAgent() {
        browser.waitUntil(d -> !d.findElements(By.id("upgrade-agent")).isEmpty());
        browser.script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();",
                browser.driver().findElement(By.id("upgrade-agent")));
        WebElement card = browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-notification-card")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
        return card.getText().trim();
    }

    /** Roll back agent (offered when the console's package is older): clicks it, confirms, returns the notification. */
    public String rollbackAgent() {
        browser.waitUntil(d -> !d.findElements(By.id("rollback-agent")).isEmpty());
        browser.script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();",
                browser.driver().findElement(By.id("rollback-agent")));
        WebElement confirm = browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-confirm-dialog-overlay vaadin-button[slot='confirm-button'], vaadin-button[slot='confirm-button']"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        confirm.click();
        WebElement card = browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-notification-card")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
        return card.getText().trim();
    }

    /** Whether the server page offers a plain Upgrade agent button. */
    public boolean offersUpgrade() {
        return !browser.driver().findElements(By.id("upgrade-agent")).isEmpty();
    }

    public String agentSection() {
        return browser.driver().findElement(By.id("agent-version-text")).getText().trim();
    }

    /** Back Up Now of files and folders: opens the dialog, enters the paths, starts; returns the notification. */
    public String backUpNow(String... paths) {
        browser.script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();",
                browser.driver().findElement(By.id("back-up-now")));
        return BackUpNowDialog.fill(browser, paths);
    }

    /** "Initial backup: Job completed (…)" once the server's first backup succeeded, as shown live. */
    public String initialBackup() {
        return browser.waitUntil(d -> d.findElements(By.id("initial-backup")).stream().findFirst()
                .map(e -> e.getText().trim()).filter(t -> t.contains("Job completed")).orElse(null));
    }

    /** Opens the newest job's detail page. */
    public JobDetailPage openNewestJob() {
        browser.waitUntil(d -> d.findElements(By.cssSelector(".job-status")).stream().findFirst().map(badge -> {
            badge.click();
            return true;
        }).orElse(null));
        return JobDetailPage.expect(browser);
    }

    /** The statuses of the server's jobs, newest first, as shown (live, no reload). */
    public List<String> jobStatuses() {
        return browser.driver().findElements(By.cssSelector(".job-status")).stream().map(e -> e.getText().trim()).toList();
    }

    public void waitForNewestJob(String status, Duration timeout) {
        browser.waitUntil(d -> {
            List<String> statuses = jobStatuses();
            return !statuses.isEmpty() && statuses.getFirst().equals(status);
        }, timeout);
    }
}
