package io.vaultfleet.console.monitoring;

import java.util.List;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;

import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultFilter;
import io.vaultfleet.console.vault.VaultService;
import jakarta.annotation.security.RolesAllowed;

/**
 * Alerts › Notification settings: the console's mail server (owners) and, per vault, who gets e-mails (each alert
 * or a daily digest) and the signed webhook (contributors). Saved secrets are never shown back: a blank field keeps
 * them.
 */
@Route("alerts/notifications")
@PageTitle("Notification settings")
@RolesAllowed("READER")
public class NotificationSettingsView extends Div implements HasBreadcrumbs {
    static final String SMTP_NEEDS = "Changing the mail server needs the Owner role at console scope.";
    static final String VAULT_NEEDS = "Changing a vault's notifications needs the Contributor role at console scope.";
    private final NotificationService notifications;

    private final TextField host = new TextField("SMTP server");
    private final IntegerField port = new IntegerField("Port");
    private final ComboBox<SmtpSettings.Security> security = new ComboBox<>("Connection security");
    private final TextField username = new TextField("User name");
    private final PasswordField password = new PasswordField("Password");
    private final TextField from = new TextField("Sender address");

    private final ComboBox<Vault> vault = new ComboBox<>("Vault");
    private final TextArea recipients = new TextArea("E-mail recipients");
    private final Checkbox digest = new Checkbox("Send one daily digest instead of an e-mail per alert");
    private final TextField webhookUrl = new TextField("Webhook URL");
    private final PasswordField webhookSecret = new PasswordField("Webhook secret");

    public NotificationSettingsView(NotificationService notifications, VaultService vaults,
                                    AuthenticationContext authentication) {
        this.notifications = notifications;
        addClassNames("view", "notification-settings-view");
        add(new ViewHeader("Notification settings", "Who is told about alerts, by e-mail and webhook."));

        add(new H3("Mail server"));
        security.setItems(SmtpSettings.Security.values());
        security.setItemLabelGenerator(SmtpSettings.Security::label);
        host.setId("smtp-host");
        port.setId("smtp-port");
        security.setId("smtp-security");
        username.setId("smtp-username");
        password.setId("smtp-password");
        from.setId("smtp-from");
        notifications.smtp().ifPresentOrElse(s -> {
            host.setValue(s.host());
            port.setValue(s.port());
            security.setValue(s.security());
            username.setValue(s.username() == null ? "" : s.username());
            from.setValue(s.fromAddress());
            password.setPlaceholder(s.passwordSet() ? "saved: leave blank to keep" : "");
        }, () -> {
            port.setValue(587);
            security.setValue(SmtpSettings.Security.STARTTLS);
        });
        boolean owner = authentication.hasRole(Role.OWNER.name());
        Button saveSmtp = new Button("Save mail server", e -> saveSmtp());
        saveSmtp.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        saveSmtp.setId("save-smtp");
        saveSmtp.setEnabled(owner);
        FormLayout smtpForm = new FormLayout(host, port, security, username, password, from);
        add(smtpForm, saveSmtp);
        if (!owner) {
            // no silent click: disabled, with why on hover and beside it
            saveSmtp.setTooltipText(SMTP_NEEDS);
            Paragraph why = new Paragraph(SMTP_NEEDS);
            why.setId("smtp-refusal");
            add(why);
        }

        add(new H3("Per vault"));
        vault.setItems(vaults.list(VaultFilter.ALL));
        vault.setItemLabelGenerator(Vault::label);
        vault.setId("notification-vault");
        recipients.setId("notification-recipients");
        recipients.setHelperText("Addresses separated by commas, semicolons or new lines.");
        digest.setId("notification-digest");
        webhookUrl.setId("notification-webhook-url");
        webhookUrl.setHelperText("Receives each raised and resolved alert as JSON, signed in the X-VaultFleet-Signature "
                + "header: t=<unix time>,v1=<hex HMAC-SHA256 of \"<t>.<body>\" under the secret>.");
        webhookSecret.setId("notification-webhook-secret");
        webhookSecret.setHelperText("At least 16 characters; shared with the receiver.");
        vault.addValueChangeListener(e -> load());
        Button saveVault = new Button("Save vault notifications", e -> saveVault());
        saveVault.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        saveVault.setId("save-vault-notifications");
        boolean contributor = authentication.hasRole(Role.CONTRIBUTOR.name());
        saveVault.setEnabled(contributor);
        if (!contributor) {
            saveVault.setTooltipText(VAULT_NEEDS);
        }
        add(new FormLayout(vault, recipients, digest, webhookUrl, webhookSecret), saveVault);
    }

    private void load() {
        if (vault.getValue() == null) {
            return;
        }
        NotificationSettings s = notifications.forVault(vault.getValue().id());
        recipients.setValue(String.join(", ", s.emailRecipients()));
        digest.setValue(s.dailyDigest());
        webhookUrl.setValue(s.webhookUrl() == null ? "" : s.webhookUrl());
        webhookSecret.clear();
        webhookSecret.setPlaceholder(s.webhookSecretSet() ? "saved: leave blank to keep" : "");
    }

    private void saveSmtp() {
        clearErrors();
        try {
            notifications.saveSmtp(host.getValue(), port.getValue() == null ? 0 : port.getValue(), security.getValue(),
                    username.getValue(), password.getValue(), from.getValue());
            password.clear();
            password.setPlaceholder(username.getValue().isBlank() ? "" : "saved: leave blank to keep");
            saved("Mail server saved.");
        } catch (InvalidInputException e) {
            show(e);
        }
    }

    private void saveVault() {
        clearErrors();
        if (vault.getValue() == null) {
            vault.setErrorMessage("Choose a vault.");
            vault.setInvalid(true);
            return;
        }
        try {
            notifications.saveForVault(vault.getValue().id(), recipients.getValue(), digest.getValue(),
                    webhookUrl.getValue(), webhookSecret.getValue());
            load();
            saved("Notifications of " + vault.getValue().name() + " saved.");
        } catch (InvalidInputException e) {
            show(e);
        }
    }

    private void show(InvalidInputException e) {
        mark(host, e.problem("host"));
        mark(port, e.problem("port"));
        mark(security, e.problem("security"));
        mark(username, e.problem("username"));
        mark(from, e.problem("from"));
        mark(recipients, e.problem("recipients"));
        mark(webhookUrl, e.problem("webhookUrl"));
        mark(webhookSecret, e.problem("webhookSecret"));
    }

    private static void mark(HasValidation field, String problem) {
        field.setErrorMessage(problem);
        field.setInvalid(problem != null);
    }

    private void clearErrors() {
        for (var field : List.<HasValidation>of(host, port, security, username, from, recipients,
                webhookUrl, webhookSecret, vault)) {
            field.setInvalid(false);
        }
    }

    private static void saved(String text) {
        Notification.show(text, 4000, Notification.Position.BOTTOM_END).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(new Crumb("Alerts", "alerts"), Crumb.here("Notification settings"));
    }
}
