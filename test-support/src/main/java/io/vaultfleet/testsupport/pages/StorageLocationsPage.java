package io.vaultfleet.testsupport.pages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vaultfleet.testsupport.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/** Settings › Storage locations ({@code /settings/storage}). */
public final class StorageLocationsPage {
    private static final List<String> FIELDS = List.of("storage-name", "storage-display-name", "storage-kind",
            "storage-folder", "storage-account-url", "storage-credential", "storage-paired");
    private final Browser browser;

    private StorageLocationsPage(Browser browser) {
        this.browser = browser;
    }

    public static StorageLocationsPage open(Browser browser) {
        browser.open("settings/storage");
        Fields.byId(browser, "storage-grid");
        return new StorageLocationsPage(browser);
    }

    /** The grid's text, row by row. */
    public String gridText() {
        browser.waitForVaadin();
        return Fields.byId(browser, "storage-grid").getText();
    }

    public StorageLocationsPage startAdding() {
        Fields.click(browser, "add-storage-button");
        Fields.byId(browser, "storage-name");
        return this;
    }

    public StorageLocationsPage startEditing(String name) {
        WebElement edit = browser.waitUntil(d -> d.findElements(By.cssSelector(".storage-edit")).stream()
                .filter(e -> name.equals(e.getAttribute("data-name"))).findFirst().orElse(null));
        // the grid may have scrolled the column out of view: click it the way a keyboard user would
        browser.script("arguments[0].click()", edit);
        browser.waitForVaadin();
        Fields.byId(browser, "storage-display-name");
        return this;
    }

    public StorageLocationsPage fill(String field, String value) {
        Fields.type(browser, field, value);
        return this;
    }

    /** Picks Folder or Azure Blob Storage. */
    public StorageLocationsPage kind(String label) {
        Fields.pick(browser, "storage-kind", "vaadin-radio-button", label);
        return this;
    }

    public StorageLocationsPage paired(String displayName) {
        Fields.choose(browser, "storage-paired", displayName);
        return this;
    }

    /** The value a field shows now (e.g. to check a stored credential is not shown back). */
    public String value(String field) {
        WebElement input = Fields.byId(browser, field).findElement(By.cssSelector("input"));
        return input.getDomProperty("value");
    }

    /** Saves; returns the per-field errors (empty when the dialog closed). */
    public Map<String, String> save() {
        Fields.click(browser, "storage-save");
        // the click's request may not be in flight yet when the first idle check runs, and the fields still carry
        // the marks of the previous attempt: give the round trip a moment before reading the outcome
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        browser.waitForVaadin();
        // either the dialog closes (saved) or fields are marked invalid (refused); the closing dialog's elements
        // may go stale while we look, which counts as closed
        return browser.waitUntil(d -> {
            try {
                if (!Fields.present(browser, "storage-save")) {
                    return new LinkedHashMap<String, String>();
                }
                Map<String, String> errors = new LinkedHashMap<>();
                for (String id : FIELDS) {
                    for (WebElement f : d.findElements(By.id(id))) {
                        if (f.isDisplayed() && "true".equals(f.getDomProperty("invalid"))) {
                            errors.put(id, f.getDomProperty("errorMessage"));
                        }
                    }
                }
                return errors.isEmpty() ? null : errors;
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }
}
