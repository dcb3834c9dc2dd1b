package io.vaultfleet.testsupport.pages;

import java.time.Duration;

import io.vaultfleet.testsupport.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * A control's tooltip as a person gets it: the pointer moved onto the control (disabled or not) and the tooltip that
 * Vaadin opens for it read back. A disabled Vaadin button reacts to the pointer only with the
 * {@code accessibleDisabledButtons} feature flag on, so {@link #onHover} also tells a refusal that nobody could read.
 */
public final class Tooltips {
    private Tooltips() {
    }

    /** Whether the control with {@code id} is shown disabled. */
    public static boolean disabled(Browser browser, String id) {
        WebElement control = Fields.byId(browser, id);
        return control.getAttribute("disabled") != null;
    }

    /** The page's client-side feature flag that lets disabled buttons be hovered and focused. */
    public static boolean disabledButtonsHoverable(Browser browser) {
        return Boolean.TRUE.equals(browser.script(
                "return !!(window.Vaadin && window.Vaadin.featureFlags && window.Vaadin.featureFlags.accessibleDisabledButtons)"));
    }

    /**
     * Moves the pointer onto the control with {@code id} and returns the text of the tooltip that opens (waits up to
     * 10 s: the tooltip opens after its hover delay).
     */
    public static String onHover(Browser browser, String id) {
        WebElement control = Fields.byId(browser, id);
        new Actions(browser.driver()).moveToElement(control).perform();
        return browser.waitUntil(d -> {
            var opened = d.findElements(By.cssSelector("#" + id + " > vaadin-tooltip[opened]"));
            if (opened.isEmpty()) {
                return null;
            }
            Object text = browser.script("return arguments[0].text", opened.getFirst());
            return text == null || text.toString().isBlank() ? null : text.toString();
        }, Duration.ofSeconds(10));
    }
}
