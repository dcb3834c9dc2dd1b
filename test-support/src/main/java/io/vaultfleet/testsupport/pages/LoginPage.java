package io.vaultfleet.testsupport.pages;

import java.util.List;

import io.vaultfleet.testsupport.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The sign-in page ({@code /login}). */
public final class LoginPage {
    private final Browser browser;

    private LoginPage(Browser browser) {
        this.browser = browser;
    }

    public static LoginPage open(Browser browser) {
        browser.open("login");
        LoginPage page = new LoginPage(browser);
        page.waitUntilShown();
        return page;
    }

    public static LoginPage expect(Browser browser) {
        LoginPage page = new LoginPage(browser);
        page.waitUntilShown();
        return page;
    }

    private void waitUntilShown() {
        browser.waitUntil(d -> !d.findElements(By.cssSelector("vaadin-login-form input[name='username']")).isEmpty());
    }

    /** Signs in and returns the shell; fails if the sign-in is refused. */
    public Shell signIn(String username, String password) {
        submit(username, password);
        return Shell.expect(browser);
    }

    /** Submits the form and stays on the sign-in page (the credentials are expected to be refused). */
    public LoginPage submitExpectingRefusal(String username, String password) {
        submit(username, password);
        browser.waitUntil(d -> d.getCurrentUrl().contains("/login?"));
        LoginPage page = new LoginPage(browser);
        page.waitUntilShown();
        browser.waitForVaadin();
        return page;
    }

    private void submit(String username, String password) {
        WebElement user = browser.driver().findElement(By.cssSelector("vaadin-login-form input[name='username']"));
        WebElement pass = browser.driver().findElement(By.cssSelector("vaadin-login-form input[name='password']"));
        user.clear();
        user.sendKeys(username);
        pass.clear();
        pass.sendKeys(password);
        browser.driver().findElement(By.cssSelector("vaadin-login-form vaadin-button[slot='submit']")).click();
    }

    /** The error shown by the form, e.g. "Incorrect user name or password", or empty when none is shown. */
    public String errorTitle() {
        Object text = browser.script("""
                const form = document.querySelector('vaadin-login-form');
                if (!form || !form.error) return '';
                return form.i18n && form.i18n.errorMessage ? form.i18n.errorMessage.title : 'error';""");
        return text == null ? "" : text.toString();
    }

    public String currentUrl() {
        return browser.driver().getCurrentUrl();
    }

    public List<String> queryParameters() {
        String url = currentUrl();
        int q = url.indexOf('?');
        return q < 0 ? List.of() : List.of(url.substring(q + 1).split("&"));
    }
}
