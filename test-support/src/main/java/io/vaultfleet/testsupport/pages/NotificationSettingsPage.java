package io.vaultfleet.testsupport.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.vaultfleet.testsupport.Browser;

/** Alerts › Notification settings ({@code /alerts/notifications}): the mail server and each vault's recipients and webhook. */
public final class NotificationSettingsPage {
    private final Browser browser;

    private NotificationSettingsPage(Browser browser) {
        this.browser = browser;
    }

    public static NotificationSettingsPage open(Browser browser) {
        browser.open("alerts/notifications");
        Fields.byId(browser, "smtp-host");
        return new NotificationSettingsPage(browser);
    }

    public NotificationSettingsPage saveMailServer(String host, int port, String security, String user,
                                                   String password, String from) {
        Fields.type(browser, "smtp-host", host);
        Fields.type(browser, "smtp-port", String.valueOf(port));
        Fields.choose(browser, "smtp-security", security);
        Fields.type(browser, "smtp-username", user);
        Fields.type(browser, "smtp-password", password);
        Fields.type(browser, "smtp-from", from);
        clickButton("save-smtp");
        return this;
    }

    public NotificationSettingsPage chooseVault(String name) {
        Fields.choose(browser, "notification-vault", name);
        return this;
    }

    public NotificationSettingsPage saveVault(String recipients, String webhookUrl, String webhookSecret) {
        WebElement area = Fields.byId(browser, "notification-recipients").findElement(By.cssSelector("textarea"));
        area.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        area.sendKeys(recipients, Keys.TAB);
        browser.waitForVaadin();
        Fields.type(browser, "notification-webhook-url", webhookUrl);
        Fields.type(browser, "notification-webhook-secret", webhookSecret);
        clickButton("save-vault-notifications");
        return this;
    }

    private void clickButton(String id) {
        browser.script("arguments[0].click();", Fields.byId(browser, id));
        browser.waitForVaadin();
    }

    /** The value a field shows in the browser. */
    public String value(String id) {
        return String.valueOf(browser.script("return arguments[0].value;", Fields.byId(browser, id)));
    }

    public String placeholder(String id) {
        return String.valueOf(browser.script("return arguments[0].placeholder;", Fields.byId(browser, id)));
    }

    /** The error shown under a field, or null when it is valid. */
    public String error(String id) {
        Object invalid = browser.script("return arguments[0].invalid;", Fields.byId(browser, id));
        return Boolean.TRUE.equals(invalid)
                ? String.valueOf(browser.script("return arguments[0].errorMessage;", Fields.byId(browser, id))) : null;
    }

    public String pageSource() {
        return browser.driver().getPageSource();
    }
}
