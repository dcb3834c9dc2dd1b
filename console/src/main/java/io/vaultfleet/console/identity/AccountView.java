package io.vaultfleet.console.identity;

import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import jakarta.annotation.security.PermitAll;

/** The signed-in user's own account: change password, and access tokens for the REST API. */
@Route("account")
@PageTitle("My account")
@PermitAll
public class AccountView extends Div implements HasBreadcrumbs {
    public AccountView(UserAccountService accounts, AccessTokenService tokens) {
        addClassNames("view", "account-view");
        add(new ViewHeader("Change password", "At least " + Credentials.MIN_PASSWORD_LENGTH
                + " characters; it must not contain your user name."));
        PasswordField current = new PasswordField("Current password");
        current.setId("current-password");
        PasswordField next = new PasswordField("New password");
        next.setId("new-password");
        PasswordField repeat = new PasswordField("Repeat new password");
        repeat.setId("repeat-password");
        Button save = new Button("Change password", e -> {
            current.setInvalid(false);
            next.setInvalid(false);
            repeat.setInvalid(false);
            if (!next.getValue().equals(repeat.getValue())) {
                repeat.setErrorMessage("The two new passwords differ.");
                repeat.setInvalid(true);
                return;
            }
            try {
                accounts.changeOwnPassword(current.getValue(), next.getValue());
                current.clear();
                next.clear();
                repeat.clear();
                Notification.show("Your password was changed.", 4000, Notification.Position.TOP_CENTER)
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            } catch (UserAccountService.AccountException ex) {
                // a wrong current password is told at that field, a too-short new one at the new password
                PasswordField at = ex.problems().containsKey(UserAccountService.Field.CURRENT_PASSWORD) ? current : next;
                at.setErrorMessage(ex.getMessage());
                at.setInvalid(true);
            }
        });
        save.setId("change-password-button");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        FormLayout form = new FormLayout(current, next, repeat);
        form.setMaxWidth("28rem");
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(form, save, new AccessTokensSection(tokens));
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("My account"));
    }
}
