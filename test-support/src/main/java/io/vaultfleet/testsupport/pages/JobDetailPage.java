package io.vaultfleet.testsupport.pages;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.vaultfleet.testsupport.Browser;

/** One job ({@code /jobs/<id>}): stages, live progress, details, Cancel. */
public final class JobDetailPage {
    private final Browser browser;

    private JobDetailPage(Browser browser) {
        this.browser = browser;
    }

    public static JobDetailPage expect(Browser browser) {
        browser.waitUntil(d -> !d.findElements(By.id("job-properties")).isEmpty());
        return new JobDetailPage(browser);
    }

    /** The status badge's text ("In progress", "Cancelled", …). */
    public String status() {
        return browser.driver().findElement(By.cssSelector("#job-properties .job-status")).getText().trim();
    }

    public void waitForStatus(String status, Duration timeout) {
        browser.waitUntil(d -> status.equals(status()), timeout);
    }

    /** The stage marked current, e.g. "UPLOAD", if the job runs. */
    public Optional<String> currentStage() {
        return browser.driver().findElements(By.cssSelector("#job-stages .job-stage.current")).stream().findFirst()
                .map(e -> e.getAttribute("data-stage"));
    }

    /** The progress bar's value (0..1), or -1 while indeterminate. */
    public double progress() {
        Object value = browser.script("const b = document.getElementById('job-progress-bar');"
                + " return b.indeterminate ? -1 : b.value;");
        return value instanceof Number n ? n.doubleValue() : -1;
    }

    /** Files, bytes, rate and time left as shown. */
    public String figures() {
        return browser.driver().findElement(By.id("job-figures")).getText().trim();
    }

    public String detail() {
        return browser.driver().findElements(By.id("job-detail")).stream().findFirst().map(WebElement::getText)
                .orElse("").trim();
    }

    /** The skipped items listed ("path — reason" each), as a backup that completed with warnings shows them. */
    public List<String> skippedItems() {
        return browser.driver().findElements(By.cssSelector("#job-skipped .skipped-item")).stream()
                .map(row -> row.findElement(By.className("skipped-path")).getText().trim() + " — "
                        + row.findElement(By.className("skipped-reason")).getText().trim())
                .toList();
    }

    /** What the console says it could not store of the agent's report, or "" when it stored it. */
    public String reportProblem() {
        return browser.driver().findElements(By.id("job-report-problem")).stream().filter(WebElement::isDisplayed)
                .findFirst().map(WebElement::getText).orElse("").trim();
    }

    /** Cancel job, confirmed. */
    public void cancel() {
        browser.script("arguments[0].click();", browser.driver().findElement(By.id("cancel-job")));
        WebElement confirm = browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-confirm-dialog-overlay vaadin-button[slot='confirm-button'], vaadin-button[slot='confirm-button']"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        browser.script("arguments[0].click();", confirm);
    }
}
