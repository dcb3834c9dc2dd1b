package io.vaultfleet.console.recover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.router.QueryParameters;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.ScopedUsers;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.identity.AgentKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * The Recover Data wizard per role, browserless: a Reader of the vault opening it by address is told which role is
 * needed and gets no wizard; a Backup operator gets Getting started, and a missing choice is told at its field.
 */
@ConsoleTest
class RecoverDataViewTest extends SpringBrowserlessTest {
    private static final String READER = "recover-view-reader";
    private static final String OPERATOR = "recover-view-operator";
    private static RegisteredServer server;

    @Autowired TestVaults testVaults;
    @Autowired FleetService fleet;
    @Autowired ScopedUsers scoped;

    @BeforeEach
    void aVaultWithTwoServers() {
        if (server != null) {
            return;
        }
        Vault vault = testVaults.create("recover-view");
        server = enroll(vault, "recover-view-target");
        enroll(vault, "recover-view-source");
        scoped.grant(READER, Role.READER, vault.path());
        scoped.grant(OPERATOR, Role.OPERATOR, vault.path());
    }

    @Test
    @WithMockUser(username = READER, authorities = "SCOPED")
    void aReaderIsToldWhichRoleIsNeededAndGetsNoWizard() {
        open();
        assertThat($(Paragraph.class).all()).extracting(Paragraph::getText)
                .contains("Recover Data needs the Backup operator role (or above) at the vault.");
        assertThat($(Button.class).withId("recover-next").exists()).isFalse();
    }

    @Test
    @WithMockUser(username = OPERATOR, authorities = "SCOPED")
    void anOperatorIsToldAtTheServerFieldThatOneMustBeChosen() {
        open();
        assertThat($(Div.class).id("recover-step").getElement().getAttribute("data-step")).isEqualTo("START");
        @SuppressWarnings("unchecked")
        RadioButtonGroup<String> where = $(RadioButtonGroup.class).id("recover-where");
        test(where).selectItem("Another server");
        test($(Button.class).id("recover-next")).click();
        ComboBox<?> source = $(ComboBox.class).id("recover-source");
        assertThat(source.isInvalid()).isTrue();
        assertThat(source.getErrorMessage()).isEqualTo("Choose the server whose backups to recover.");
        assertThat($(Div.class).id("recover-problem").getText()).as("not a second time above the step").isEmpty();
    }

    private void open() {
        UI.getCurrent().navigate("recover", QueryParameters.simple(Map.of("server", server.id().toString())));
        assertThat(getCurrentView()).isInstanceOf(RecoverDataView.class);
    }

    private RegisteredServer enroll(Vault vault, String prefix) {
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.id(), prefix + "-"
                + UUID.randomUUID().toString().substring(0, 6), "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        return enrolled.server();
    }
}
