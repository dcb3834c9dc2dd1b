package io.vaultfleet.console.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.QueryParameters;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.identity.AgentKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * The Schedule Backup wizard's Retention step, browserless: each retention problem is told once, at its field (no
 * paragraph repeating it), and the labels are short enough not to be cut.
 */
@ConsoleTest
@WithMockUser(username = "retention-contributor", authorities = {"ROLE_CONTRIBUTOR", "ROLE_READER"})
class RetentionMessagesTest extends SpringBrowserlessTest {
    @Autowired TestVaults testVaults;
    @Autowired FleetService fleet;

    @Test
    void aRetentionProblemIsToldOnceAtItsField() {
        toRetention();
        IntegerField daily = $(IntegerField.class).id("retention-daily");
        IntegerField monthly = $(IntegerField.class).id("retention-monthly");
        test(daily).setValue(5);
        test(monthly).setValue(2);
        next();

        assertThat(current()).as("the wizard stays on the step").isEqualTo("4. Retention");
        assertThat(daily.isInvalid()).isTrue();
        assertThat(daily.getErrorMessage()).isEqualTo("Daily retention must be 7–9,999 days (or off), not 5.");
        assertThat(monthly.getErrorMessage()).isEqualTo("Monthly retention must be 3–1,188 months (or off), not 2.");
        assertThat($(Paragraph.class).all()).as("no paragraph repeats the fields' messages").extracting(Paragraph::getText)
                .noneMatch(t -> t.contains("Daily retention must") || t.contains("Monthly retention must"));

        test(daily).setValue(30);
        test(monthly).setValue(0);
        next();
        assertThat(daily.isInvalid()).as("fixed, the message goes").isFalse();
        assertThat(monthly.isInvalid()).isFalse();
        assertThat(current()).isEqualTo("5. Throttling");
    }

    @Test
    void keepingNothingIsToldAtTheDailyField() {
        toRetention();
        IntegerField daily = $(IntegerField.class).id("retention-daily");
        test(daily).setValue(0);
        next();
        assertThat(daily.getErrorMessage())
                .isEqualTo("Keep at least one kind of recovery point (daily, weekly, monthly or yearly).");
    }

    @Test
    void theRetentionLabelsAreShortAndTheFieldsWideEnoughForThem() {
        toRetention();
        List<String> ids = List.of("retention-daily", "retention-weekly", "retention-monthly", "retention-yearly");
        assertThat(ids).extracting(id -> $(IntegerField.class).id(id).getLabel())
                .containsExactly("Keep daily (days)", "Keep weekly (weeks)", "Keep monthly (months)",
                        "Keep yearly (years)");
        assertThat(ids).extracting(id -> $(IntegerField.class).id(id).getWidth()).containsOnly("13em");
    }

    private void toRetention() {
        Vault vault = testVaults.create("retention");
        RegisteredServer server = ((FleetService.Enrolled) fleet.enroll(vault.id(), "retention-"
                + UUID.randomUUID().toString().substring(0, 6), "Windows Server 2022", "10.0", "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()))).server();
        UI.getCurrent().navigate("schedule-backup", QueryParameters.simple(Map.of("vault", vault.id().toString(),
                "servers", server.id().toString())));
        test($(TextField.class).id("policy-name")).setValue("retention-" + UUID.randomUUID().toString().substring(0, 6));
        next();
        next();
        next();
        assertThat(current()).isEqualTo("4. Retention");
    }

    private String current() {
        return $(Span.class).withClassName("wizard-step-current").single().getText();
    }

    private void next() {
        test($(Button.class).id("wizard-next")).click();
    }
}
