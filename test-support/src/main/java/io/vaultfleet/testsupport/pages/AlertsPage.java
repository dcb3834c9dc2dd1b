package io.vaultfleet.testsupport.pages;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.vaultfleet.testsupport.Browser;

/** Alerts ({@code /alerts}): the alerts grid, its state filter and the Acknowledge buttons. */
public final class AlertsPage {
    private final Browser browser;

    private AlertsPage(Browser browser) {
        this.browser = browser;
    }

    public static AlertsPage open(Browser browser, String query) {
        browser.open("alerts" + query);
        Fields.byId(browser, "alerts-grid");
        return new AlertsPage(browser);
    }

    /** All text the grid shows (its rendered cells). */
    public String gridText() {
        return String.valueOf(browser.script("""
                const grid = arguments[0];
                return Array.from(grid.querySelectorAll('vaadin-grid-cell-content')).map(c => c.textContent).join('\\n');""",
                Fields.byId(browser, "alerts-grid")));
    }

    public void waitForText(String text, Duration timeout) {
        browser.waitUntil(d -> gridText().contains(text), timeout);
    }

    /** How many alerts the grid lists (its size, not its rendered rows). */
    public long rowCount() {
        return ((Number) browser.script("return arguments[0].size || 0;", Fields.byId(browser, "alerts-grid"))).longValue();
    }

    public void waitForRowCount(long rows, Duration timeout) {
        browser.waitUntil(d -> rowCount() == rows, timeout);
    }

    /** Clicks the first Acknowledge button in the grid. */
    public void acknowledgeFirst() {
        WebElement button = browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-button.acknowledge-alert"))
                .stream().findFirst().orElse(null));
        browser.script("arguments[0].click();", button);
        browser.waitForVaadin();
    }

    public void show(String stateLabel) {
        Fields.choose(browser, "alert-state-filter", stateLabel);
    }
}
