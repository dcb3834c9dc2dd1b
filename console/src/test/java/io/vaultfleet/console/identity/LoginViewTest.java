package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.router.QueryParameters;
import io.vaultfleet.console.ConsoleTest;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithAnonymousUser;

/**
 * The sign-in page, browserless: plain-word labels, no error before a try, one message after a wrong password and
 * another when sign-in is paused (the throttle), never saying which of name or password was wrong.
 */
@ConsoleTest
class LoginViewTest extends SpringBrowserlessTest {

    @Test
    @WithAnonymousUser
    void showsNoErrorBeforeASignInAndLabelsInPlainWords() {
        navigate("login", LoginView.class);
        LoginForm form = $(LoginForm.class).single();
        assertThat(form.isError()).isFalse();
        assertThat(i18n(form)).contains("\"username\":\"User name\"");
        assertThat(form.isForgotPasswordButtonVisible()).isFalse();
    }

    @Test
    @WithAnonymousUser
    void aWrongPasswordIsOneMessageThatDoesNotSayWhichFieldWasWrong() {
        open("error");
        LoginForm form = $(LoginForm.class).single();
        assertThat(form.isError()).isTrue();
        assertThat(i18n(form)).contains("Incorrect user name or password").doesNotContain("Too many");
    }

    @Test
    @WithAnonymousUser
    void aPausedSignInSaysToWait() {
        open("throttled");
        LoginForm form = $(LoginForm.class).single();
        assertThat(form.isError()).isTrue();
        assertThat(i18n(form)).contains("Too many failed sign-ins", "Wait a little");
    }

    /** The texts the form shows, as sent to the browser. */
    private static String i18n(LoginForm form) {
        return String.valueOf(form.getElement().getPropertyRaw("i18n"));
    }

    private void open(String flag) {
        UI.getCurrent().navigate("login", QueryParameters.simple(Map.of(flag, "")));
        assertThat(getCurrentView()).isInstanceOf(LoginView.class);
    }
}
