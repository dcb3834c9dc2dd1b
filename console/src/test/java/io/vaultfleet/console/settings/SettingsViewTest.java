package io.vaultfleet.console.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import io.vaultfleet.console.ConsoleTest;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Settings, browserless: a Reader reads what the console is and opens its two pages (they say what the Reader may
 * do there); the page holds no control of its own.
 */
@ConsoleTest
class SettingsViewTest extends SpringBrowserlessTest {

    @Test
    @WithMockUser(username = "settings-view-reader", authorities = "ROLE_READER")
    void aReaderSeesTheAboutFactsAndTheLinksToUsersAndStorage() {
        navigate(SettingsView.class);
        assertThat($(Anchor.class).id("settings-users-link").getHref()).isEqualTo("settings/users");
        assertThat($(Anchor.class).id("settings-storage-link").getHref()).isEqualTo("settings/storage");
        String about = $(Div.class).withClassName("settings-about").first().getElement().getTextRecursively();
        assertThat(about).contains("Version", "Data folder", "Agent endpoint");
        assertThat($(com.vaadin.flow.component.button.Button.class).all())
                .as("nothing to change on this page").allMatch(b -> !b.getId().orElse("").startsWith("settings-"));
    }
}
