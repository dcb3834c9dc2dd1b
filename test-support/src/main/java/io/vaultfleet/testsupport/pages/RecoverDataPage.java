package io.vaultfleet.testsupport.pages;

import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.vaultfleet.testsupport.Browser;

/** The Recover Data wizard ({@code recover?server=<id>}), step by step. */
public final class RecoverDataPage {
    private final Browser browser;

    private RecoverDataPage(Browser browser) {
        this.browser = browser;
    }

    public static RecoverDataPage open(Browser browser, String serverId) {
        browser.open("recover?server=" + serverId);
        RecoverDataPage page = new RecoverDataPage(browser);
        page.waitForStep("START");
        return page;
    }

    /** The step shown ({@code START}, {@code PASSPHRASE}, {@code MODE}, {@code POINT}, {@code ITEMS}, …). */
    public String step() {
        return Fields.byId(browser, "recover-step").getAttribute("data-step");
    }

    public RecoverDataPage waitForStep(String step) {
        browser.waitUntil(d -> step.equals(Fields.byId(browser, "recover-step").getAttribute("data-step")),
                Duration.ofSeconds(30));
        return this;
    }

    public RecoverDataPage anotherServer(String name) {
        Fields.pick(browser, "recover-where", "vaadin-radio-button", "Another server");
        Fields.choose(browser, "recover-source", name);
        return this;
    }

    public RecoverDataPage next() {
        Fields.click(browser, "recover-next");
        return this;
    }

    /** Types into the plain password input (its value is not synchronised to the server). */
    public RecoverDataPage typePassphrase(String passphrase) {
        WebElement input = Fields.byId(browser, "recover-passphrase-input");
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(passphrase);
        return this;
    }

    /** What the passphrase field says under it (empty when nothing), waiting for it to say something. */
    public String passphraseError() {
        return browser.waitUntil(d -> {
            String text = d.findElement(By.cssSelector("#recover-passphrase .vf-passphrase-error")).getText().trim();
            return text.isEmpty() ? null : text;
        }, Duration.ofSeconds(30));
    }

    /** The value left in the password input (the page clears it after sealing). */
    public String passphraseValue() {
        return Fields.byId(browser, "recover-passphrase-input").getAttribute("value");
    }

    /** Clicks the first date shown in bold (a date holding recovery points). */
    public RecoverDataPage pickFirstBoldDate() {
        WebElement day = browser.waitUntil(d -> d.findElements(By.cssSelector("#recover-calendar vaadin-button.has-points"))
                .stream().findFirst().orElse(null));
        browser.click(day);
        browser.waitForVaadin();
        return this;
    }

    public RecoverDataPage anotherLocation(String folder) {
        Fields.pick(browser, "recover-location", "vaadin-radio-button", "Another location");
        Fields.type(browser, "recover-destination", folder);
        return this;
    }

    public RecoverDataPage onConflict(String label) {
        Fields.pick(browser, "recover-conflict", "vaadin-radio-button", label);
        return this;
    }

    /** Item names listed in Select items. */
    public List<String> itemNames() {
        return browser.waitUntil(d -> {
            Object names = browser.script("const g = document.getElementById('recover-items');"
                    + " return g && g._dataProviderController ? Array.from(g.querySelectorAll('vaadin-grid-cell-content'))"
                    + ".map(c => c.textContent.trim()).filter(t => t) : null;");
            return names instanceof List<?> l && !l.isEmpty() ? l.stream().map(String::valueOf).toList() : null;
        });
    }

    public String problem() {
        return Fields.byId(browser, "recover-problem").getText().trim();
    }

    public String currentUrl() {
        return browser.driver().getCurrentUrl();
    }
}
