package io.vaultfleet.testsupport.pages;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.vaultfleet.testsupport.Browser;

/**
 * The Schedule Backup wizard ({@code /schedule-backup}): Getting started, Select items, Backup schedule, Retention,
 * Throttling, Confirmation. Buttons are clicked with JavaScript and fields committed with TAB, as elsewhere here.
 */
public final class ScheduleBackupPage {
    private final Browser browser;

    private ScheduleBackupPage(Browser browser) {
        this.browser = browser;
    }

    /** From a server's page: its Schedule Backup (or Change policy) button. */
    public static ScheduleBackupPage fromServerPage(Browser browser) {
        WebElement button = Fields.byId(browser, "server-schedule-backup");
        browser.script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", button);
        browser.waitUntil(d -> !d.findElements(By.id("wizard-steps")).isEmpty());
        browser.waitForVaadin();
        return new ScheduleBackupPage(browser);
    }

    public ScheduleBackupPage policyName(String name) {
        Fields.type(browser, "policy-name", name);
        return this;
    }

    /** Adds a server of the vault in the Servers multi-select. */
    public ScheduleBackupPage addServer(String name) {
        WebElement input = Fields.byId(browser, "policy-servers").findElement(By.cssSelector("input"));
        input.click();
        input.sendKeys(name);
        WebElement item = browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-multi-select-combo-box-item"))
                .stream().filter(e -> e.getText().trim().equals(name)).findFirst().orElse(null));
        item.click();
        input.sendKeys(Keys.ESCAPE);
        browser.waitForVaadin();
        return this;
    }

    /** Toggles an item checkbox ("System State", "Files and folders", "System configuration"). */
    public ScheduleBackupPage toggleItem(String label) {
        Fields.pick(browser, "policy-items", "vaadin-checkbox", label);
        return this;
    }

    public ScheduleBackupPage includePaths(String... paths) {
        WebElement area = Fields.byId(browser, "policy-include").findElement(By.cssSelector("textarea"));
        area.sendKeys(String.join("\n", paths));
        area.sendKeys(Keys.TAB);
        browser.waitForVaadin();
        return this;
    }

    public ScheduleBackupPage dailyAt(String time) {
        Fields.choose(browser, "policy-time-1", time);
        return this;
    }

    public ScheduleBackupPage dailyRetention(int days) {
        Fields.type(browser, "retention-daily", Integer.toString(days));
        return this;
    }

    /**
     * The errors shown at the retention fields (each problem once, at its field), joined in form order; empty when
     * there is none.
     */
    public String retentionProblem() {
        return RETENTION_FIELDS.stream().map(id -> browser.driver().findElement(By.id(id)))
                .filter(f -> f.getDomAttribute("invalid") != null)
                .map(f -> String.valueOf(f.getDomProperty("errorMessage")).trim())
                .collect(Collectors.joining(" "));
    }

    /** The retention step's fields, in form order. */
    private static final List<String> RETENTION_FIELDS = List.of("retention-daily", "retention-weekly",
            "retention-weekly-on", "retention-monthly", "retention-monthly-day", "retention-yearly",
            "retention-yearly-in", "retention-yearly-day");

    /** The retention preview: "after" → points kept, as rows of text. */
    public List<String> preview() {
        return browser.waitUntil(d -> {
            List<String> cells = d.findElements(By.cssSelector("#retention-preview vaadin-grid-cell-content")).stream()
                    .map(e -> e.getText().trim()).filter(t -> !t.isEmpty()).toList();
            return cells.size() > 2 ? cells : null;
        });
    }

    public ScheduleBackupPage next() {
        click("wizard-next");
        return this;
    }

    /** The step shown now, e.g. "3. Backup schedule". */
    public String currentStep() {
        return browser.driver().findElement(By.cssSelector("#wizard-steps .wizard-step-current")).getText().trim();
    }

    public String confirmation() {
        return Fields.text(browser, "wizard-confirmation");
    }

    /** Finish; returns the notification. */
    public String finish() {
        click("wizard-finish");
        WebElement card = browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-notification-card")).stream()
                .filter(WebElement::isDisplayed).filter(c -> c.getText().contains("Policy")).findFirst().orElse(null),
                Duration.ofSeconds(20));
        return card.getText().trim();
    }

    /** The server page's policy state text (e.g. "In sync"), once its section shows one. */
    public static Optional<String> policyState(Browser browser) {
        return browser.driver().findElements(By.id("policy-state")).stream().map(e -> e.getText().trim()).findFirst();
    }

    private void click(String id) {
        browser.script("arguments[0].click();", Fields.byId(browser, id));
        browser.waitForVaadin();
    }
}
