package io.vaultfleet.testsupport.pages;

import java.util.List;

import io.vaultfleet.testsupport.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The signed-in frame: side navigation, breadcrumbs, notifications and the user menu. */
public final class Shell {
    private final Browser browser;

    Shell(Browser browser) {
        this.browser = browser;
    }

    public static Shell expect(Browser browser) {
        browser.waitUntil(d -> !d.findElements(By.cssSelector("vaadin-side-nav.main-nav")).isEmpty());
        browser.waitForVaadin();
        return new Shell(browser);
    }

    public Browser browser() {
        return browser;
    }

    /** The labels of the side navigation, top to bottom. */
    public List<String> navigationLabels() {
        return browser.driver().findElements(By.cssSelector("vaadin-side-nav.main-nav > vaadin-side-nav-item"))
                .stream().map(e -> e.getText().trim()).toList();
    }

    /** Clicks a side navigation entry by its label and waits for the view. */
    public Shell navigate(String label) {
        WebElement item = browser.driver().findElements(By.cssSelector("vaadin-side-nav.main-nav > vaadin-side-nav-item"))
                .stream().filter(e -> e.getText().trim().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no navigation entry '" + label + "' in " + navigationLabels()));
        browser.script("arguments[0].shadowRoot.querySelector('a').click()", item);
        browser.waitUntil(d -> breadcrumbTrail().getLast().equals(label) || heading().equals(label));
        browser.waitForVaadin();
        return this;
    }

    /** The breadcrumb labels, e.g. [Home, Registered servers]. */
    public List<String> breadcrumbTrail() {
        return browser.driver().findElements(By.cssSelector("nav.breadcrumbs .crumb-link, nav.breadcrumbs .crumb-current"))
                .stream().map(e -> e.getText().trim()).toList();
    }

    /** The current view's heading. */
    public String heading() {
        List<WebElement> headings = browser.driver().findElements(By.cssSelector(".view-header h2"));
        return headings.isEmpty() ? "" : headings.getFirst().getText().trim();
    }

    /** The name shown in the header's user menu. */
    public String signedInUser() {
        return browser.driver().findElement(By.cssSelector("vaadin-menu-bar.user-menu")).getText().trim();
    }

    public int unreadNotifications() {
        List<WebElement> badge = browser.driver().findElements(By.id("notifications-count"));
        if (badge.isEmpty() || !badge.getFirst().isDisplayed()) {
            return 0;
        }
        String text = badge.getFirst().getText().trim();
        return text.isEmpty() ? 0 : Integer.parseInt(text.replace("+", ""));
    }

    /** Opens the user menu and signs out; returns the sign-in page. */
    public LoginPage signOut() {
        openUserMenu();
        clickMenuItem("Sign out");
        browser.waitUntil(d -> d.getCurrentUrl().contains("/login"));
        return LoginPage.expect(browser);
    }

    private void openUserMenu() {
        WebElement button = browser.driver().findElement(By.cssSelector("vaadin-menu-bar.user-menu vaadin-menu-bar-button"));
        button.click();
        browser.waitUntil(d -> !d.findElements(By.cssSelector("vaadin-menu-bar-item")).isEmpty());
    }

    private void clickMenuItem(String text) {
        WebElement item = browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-menu-bar-item")).stream()
                .filter(e -> e.getText().trim().equals(text)).findFirst().orElse(null));
        item.click();
    }
}
