package io.vaultfleet.console.identity;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

/** The sign-in page. Errors come back as {@code ?error} (wrong credentials) or {@code ?throttled}. */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in | VaultFleet")
@AnonymousAllowed
public class LoginView extends Div implements BeforeEnterObserver {
    private final LoginForm form = new LoginForm();

    public LoginView() {
        addClassName("login-view");
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        form.setI18n(i18n("Incorrect user name or password",
                "Check the user name and password and try again. Repeated failures are slowed down."));

        Div brand = new Div();
        brand.addClassName("login-brand");
        H1 title = new H1("VaultFleet");
        Paragraph subtitle = new Paragraph("Backup console");
        brand.add(title, subtitle);

        Div card = new Div(brand, form);
        card.addClassName("login-card");
        add(card);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var params = event.getLocation().getQueryParameters().getParameters();
        if (params.containsKey("throttled")) {
            form.setI18n(i18n("Too many failed sign-ins",
                    "Sign-in is paused for this account from your address. Wait a little and try again."));
            form.setError(true);
        } else if (params.containsKey("error")) {
            form.setError(true);
        }
    }

    private static LoginI18n i18n(String errorTitle, String errorMessage) {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getForm().setUsername("User name");
        i18n.getErrorMessage().setTitle(errorTitle);
        i18n.getErrorMessage().setMessage(errorMessage);
        return i18n;
    }
}
