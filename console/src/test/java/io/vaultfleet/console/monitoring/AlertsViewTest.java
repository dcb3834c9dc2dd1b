package io.vaultfleet.console.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.router.QueryParameters;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.ScopedUsers;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.vault.Vault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Alerts per role, browserless: a Reader sees the vault's alerts and no Acknowledge; a Backup operator of one vault
 * acknowledges its alerts and sees another vault's Acknowledge disabled with the role it needs on hover.
 */
@ConsoleTest
class AlertsViewTest extends SpringBrowserlessTest {
    private static final String READER = "alerts-view-reader";
    private static final String OPERATOR = "alerts-view-operator";
    private static Vault operated;
    private static Vault readOnly;

    @Autowired TestVaults testVaults;
    @Autowired ScopedUsers scoped;
    @Autowired JdbcClient jdbc;

    @BeforeEach
    void twoVaultsWithAnAlertEach() {
        if (operated != null) {
            return;
        }
        operated = testVaults.create("alerts-view-a");
        readOnly = testVaults.create("alerts-view-b");
        alert(operated);
        alert(readOnly);
        scoped.grant(READER, Role.READER, operated.path());
        scoped.grant(OPERATOR, Role.OPERATOR, operated.path());
        scoped.grant(OPERATOR, Role.READER, readOnly.path());
    }

    @Test
    @WithMockUser(username = READER, authorities = "SCOPED")
    void aReaderSeesTheAlertButNoAcknowledge() {
        Grid<Alert> grid = open(operated);
        assertThat(test(grid).size()).isEqualTo(1);
        assertThat(grid.getColumns()).as("no Acknowledge column").hasSize(7);
        open(readOnly);
        assertThat(test(grid()).size()).as("another vault's alerts are not shown").isZero();
    }

    @Test
    @WithMockUser(username = OPERATOR, authorities = "SCOPED")
    void anOperatorAcknowledgesTheirVaultsAlertAndSeesWhyNotAnothers() {
        Button mine = acknowledge(open(operated));
        assertThat(mine.isEnabled()).isTrue();

        Button theirs = acknowledge(open(readOnly));
        assertThat(theirs.isEnabled()).isFalse();
        assertThat(theirs.getTooltip().getText())
                .isEqualTo("You need the Backup operator role at this alert's vault to acknowledge it.");
    }

    private Button acknowledge(Grid<Alert> grid) {
        assertThat(test(grid).size()).isEqualTo(1);
        return (Button) test(grid).getCellComponent(0, 7);
    }

    private Grid<Alert> open(Vault vault) {
        UI.getCurrent().navigate("alerts", QueryParameters.simple(Map.of("vault", vault.id().toString())));
        assertThat(getCurrentView()).isInstanceOf(AlertsView.class);
        return grid();
    }

    @SuppressWarnings("unchecked")
    private Grid<Alert> grid() {
        return $(Grid.class).id("alerts-grid");
    }

    private void alert(Vault vault) {
        UUID id = UUID.randomUUID();
        AlertRule rule = AlertRule.BACKUP_FAILED;
        jdbc.sql("""
                insert into vault_alert (id, vault_id, server_id, rule, severity, title, detail, state, open_key,
                    raised_at, last_occurred_at, occurrences)
                values (:id, :v, null, :rule, :sev, 'View alert', 'raised by the alerts view test', 'ACTIVE', :key,
                    :now, :now, 1)""")
                .param("id", id).param("v", vault.id()).param("rule", rule.name())
                .param("sev", rule.severity().name()).param("key", "view:" + id)
                .param("now", OffsetDateTime.now(ZoneOffset.UTC)).update();
    }
}
