package io.vaultfleet.console.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.ui.PageNotFoundView;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Pages opened without their context, browserless: Schedule Backup with no vault or an unknown one, and an address
 * with no page at all, each say what to do inside the console's layout (not Vaadin's bare "Could not navigate").
 */
@ConsoleTest
class ScheduleBackupContextTest extends SpringBrowserlessTest {

    @Test
    @WithMockUser(username = "context-reader", authorities = "ROLE_READER")
    void scheduleBackupWithoutAServerSaysWhereToStart() {
        navigate("schedule-backup", ScheduleBackupView.class);
        Div missing = $(Div.class).id("schedule-backup-missing-context");
        assertThat(missing.getElement().getTextRecursively()).contains("Open a server under Registered servers");
        assertThat($(Anchor.class).all()).extracting(Anchor::getHref).contains("servers", "policies");
    }

    @Test
    @WithMockUser(username = "context-reader", authorities = "ROLE_READER")
    void scheduleBackupOfAnUnknownVaultSaysSo() {
        com.vaadin.flow.component.UI.getCurrent().navigate("schedule-backup",
                com.vaadin.flow.router.QueryParameters.of("vault", UUID.randomUUID().toString()));
        assertThat(getCurrentView()).isInstanceOf(ScheduleBackupView.class);
        assertThat($(Div.class).id("schedule-backup-missing-context").getElement().getTextRecursively())
                .contains("No such vault");
    }

    @Test
    @WithMockUser(username = "context-reader", authorities = "ROLE_READER")
    void anAddressWithNoPageGetsTheConsolesNotFoundPage() {
        navigate("no-such-page", PageNotFoundView.class);
        assertThat($(Div.class).id("page-not-found").getElement().getTextRecursively())
                .contains("opened from a vault, a server or a policy");
        assertThat($(com.vaadin.flow.component.html.Paragraph.class).withClassName("view-header-description").first()
                .getText()).isEqualTo("There is no page at '/no-such-page'.");
    }
}
