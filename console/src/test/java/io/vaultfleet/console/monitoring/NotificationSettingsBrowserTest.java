package io.vaultfleet.console.monitoring;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.NotificationSettingsPage;

/** An owner sets up notifications in the browser: bad input is explained beside its field, saved secrets never come back. */
class NotificationSettingsBrowserTest extends MonitoringTestBase {
    private static final String SMTP_PASSWORD = "Browser-smtp-Pa55word";
    private static final String WEBHOOK_SECRET = "browser-webhook-secret-42";

    @Autowired
    NotificationService notifications;

    @Test
    void settingsAreSavedWithErrorsBesideTheirFieldsAndSecretsAreNeverShownBack() {
        var vault = vaults.create("notif");
        try (Browser browser = Browser.start("http://127.0.0.1:" + port + "/")) {
            LoginPage.open(browser).signIn("admin", ConsoleTest.ADMIN_PASSWORD);
            NotificationSettingsPage page = NotificationSettingsPage.open(browser)
                    .saveMailServer("127.0.0.1", 2525, "None (plain SMTP)", "alerts", SMTP_PASSWORD,
                            "backup-alerts@contoso.test");
            assertThat(page.error("smtp-from")).isNull();
            assertThat(page.value("smtp-password")).isEmpty();
            assertThat(page.placeholder("smtp-password")).isEqualTo("saved: leave blank to keep");
            assertThat(runAs(security, Role.READER, () -> notifications.smtp()).orElseThrow().passwordSet()).isTrue();

            page.chooseVault(vault.label()).saveVault("ops@contoso.test, nope", "ftp://hooks.contoso.test/x", "short");
            assertThat(page.error("notification-recipients")).isEqualTo("Not an e-mail address: nope.");
            assertThat(page.error("notification-webhook-url"))
                    .isEqualTo("The webhook URL must be an absolute http:// or https:// address.");
            assertThat(page.error("notification-webhook-secret"))
                    .isEqualTo("The webhook secret must have at least 16 characters.");

            page.saveVault("ops@contoso.test", "https://hooks.contoso.test/vaultfleet", WEBHOOK_SECRET);
            assertThat(page.error("notification-recipients")).isNull();
            assertThat(page.value("notification-webhook-secret")).isEmpty();
            assertThat(page.placeholder("notification-webhook-secret")).isEqualTo("saved: leave blank to keep");
            NotificationSettings saved = runAs(security, Role.READER, () -> notifications.forVault(vault.id()));
            assertThat(saved.emailRecipients()).containsExactly("ops@contoso.test");
            assertThat(saved.webhookSecretSet()).isTrue();

            NotificationSettingsPage reopened = NotificationSettingsPage.open(browser).chooseVault(vault.label());
            assertThat(reopened.value("notification-webhook-url")).isEqualTo("https://hooks.contoso.test/vaultfleet");
            assertThat(reopened.value("notification-webhook-secret")).isEmpty();
            assertThat(reopened.value("smtp-password")).isEmpty();
            assertThat(reopened.pageSource()).doesNotContain(WEBHOOK_SECRET).doesNotContain(SMTP_PASSWORD);
        }
    }
}
