package io.vaultfleet.testsupport.pages;

import java.util.List;

import io.vaultfleet.testsupport.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** How page objects work Vaadin fields by id: text fields, combo boxes, radio and checkbox groups, buttons. */
final class Fields {
    private Fields() {
    }

    static WebElement byId(Browser browser, String id) {
        return browser.waitUntil(d -> d.findElements(By.id(id)).stream().filter(WebElement::isDisplayed).findFirst()
                .orElse(null));
    }

    static boolean present(Browser browser, String id) {
        return browser.driver().findElements(By.id(id)).stream().anyMatch(WebElement::isDisplayed);
    }

    static String text(Browser browser, String id) {
        return byId(browser, id).getText().trim();
    }

    static void click(Browser browser, String id) {
        browser.click(byId(browser, id));
        browser.waitForVaadin();
    }

    /** Replaces a text field's content (one server round trip per key with eager value change mode). */
    static void type(Browser browser, String id, String text) {
        WebElement input = byId(browser, id).findElement(By.cssSelector("input"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        browser.waitForVaadin();
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
        input.sendKeys(Keys.TAB);
        browser.waitForVaadin();
    }

    /** Opens a combo box, filters by {@code label} and picks the item with exactly that label. */
    static void choose(Browser browser, String id, String label) {
        WebElement input = byId(browser, id).findElement(By.cssSelector("input"));
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(label);
        WebElement item = browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-combo-box-item")).stream()
                .filter(e -> e.getText().trim().equals(label)).findFirst().orElse(null));
        item.click();
        browser.waitForVaadin();
    }

    /** Checks the radio button (or checkbox) of a group whose label contains {@code label}. */
    static void pick(Browser browser, String groupId, String tag, String label) {
        WebElement option = option(browser, groupId, tag, label);
        option.findElement(By.cssSelector("input")).click();
        browser.waitForVaadin();
    }

    static boolean enabled(Browser browser, String groupId, String tag, String label) {
        return option(browser, groupId, tag, label).getAttribute("disabled") == null;
    }

    static List<String> optionLabels(Browser browser, String groupId, String tag) {
        return byId(browser, groupId).findElements(By.cssSelector(tag)).stream().map(e -> e.getText().trim()).toList();
    }

    private static WebElement option(Browser browser, String groupId, String tag, String label) {
        return browser.waitUntil(d -> byId(browser, groupId).findElements(By.cssSelector(tag)).stream()
                .filter(e -> e.getText().contains(label)).findFirst().orElse(null));
    }

    /** The text of the first notification card shown, or empty. */
    static String notification(Browser browser) {
        return browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-notification-card")).stream()
                .map(e -> e.getText().trim()).filter(t -> !t.isEmpty()).findFirst().orElse(null));
    }
}
