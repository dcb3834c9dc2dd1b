package io.vaultfleet.testsupport.pages;

import org.openqa.selenium.By;

import io.vaultfleet.testsupport.Browser;

/** Backup jobs ({@code /jobs}). */
public final class JobsPage {
    private final Browser browser;

    private JobsPage(Browser browser) {
        this.browser = browser;
    }

    public static JobsPage open(Browser browser) {
        browser.open("jobs");
        browser.waitUntil(d -> !d.findElements(By.id("jobs-grid")).isEmpty());
        return new JobsPage(browser);
    }

    /** Opens the newest job of a server by clicking its row. */
    public JobDetailPage openNewest(String serverName) {
        // the live grid may redraw the row between finding and clicking it: find and click again then
        browser.waitUntil(d -> d.findElements(By.cssSelector("#jobs-grid .job-status[data-server='" + serverName + "']"))
                .stream().findFirst().map(badge -> {
                    badge.click();
                    return true;
                }).orElse(null));
        return JobDetailPage.expect(browser);
    }
}
