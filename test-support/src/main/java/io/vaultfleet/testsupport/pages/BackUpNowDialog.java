package io.vaultfleet.testsupport.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.vaultfleet.testsupport.Browser;

/** The Back Up Now dialog, wherever it was opened (a server, a selection, a vault). */
final class BackUpNowDialog {
    private BackUpNowDialog() {
    }

    /** Files and folders {@code paths}, the default retention; returns the notification's text once shown. */
    static String fill(Browser browser, String... paths) {
        WebElement area = browser.waitUntil(d -> d.findElements(By.cssSelector("#backup-now-paths textarea")).stream()
                .findFirst().orElse(null));
        area.sendKeys(String.join("\n", paths));
        area.sendKeys(Keys.TAB); // commits the value as a person leaving the field does
        browser.script("arguments[0].click();", browser.driver().findElement(By.id("backup-now-start")));
        WebElement card = browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-notification-card")).stream()
                .filter(WebElement::isDisplayed).filter(c -> c.getText().contains("Backup of")
                        || c.getText().contains("backups started")).findFirst().orElse(null));
        return card.getText().trim();
    }
}
