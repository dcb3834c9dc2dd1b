package io.vaultfleet.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.subscription.SubscriptionService;
import io.vaultfleet.console.vault.CreateVaultRequest;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultService;
import io.vaultfleet.protocol.identity.AgentKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Registered servers, browserless: two vaults of one name in different subscriptions are told apart in the Vault
 * column by their subscription, as the pickers tell them apart, and so is the server page.
 */
@ConsoleTest
@WithMockUser(username = "vault-label-reader", authorities = "ROLE_READER")
class RegisteredServersVaultLabelTest extends SpringBrowserlessTest {
    @Autowired SubscriptionService subscriptions;
    @Autowired VaultService vaults;
    @Autowired StorageLocationService locations;
    @Autowired FleetService fleet;
    @Autowired SecurityContextHolderStrategy security;

    @Test
    void twoVaultsOfOneNameAreToldApartByTheirSubscription() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Vault first = vault("Sub A " + tag, "same-" + tag);
        Vault second = vault("Sub B " + tag, "same-" + tag);
        RegisteredServer a = enroll(first, "label-a-" + tag);
        RegisteredServer b = enroll(second, "label-b-" + tag);

        navigate(RegisteredServersView.class);
        test($(TextField.class).id("server-name-filter")).setValue("label-");
        @SuppressWarnings("unchecked")
        Grid<RegisteredServer> grid = $(Grid.class).id("servers-grid");
        int vaultColumn = column(grid, "Vault");
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < test(grid).size(); i++) {
            String name = test(grid).getRow(i).name();
            if (name.equals(a.name()) || name.equals(b.name())) {
                shown.add(name + " → " + test(grid).getCellText(i, vaultColumn));
            }
        }
        assertThat(shown).containsExactlyInAnyOrder(a.name() + " → same-" + tag + " (Sub A " + tag + ")",
                b.name() + " → same-" + tag + " (Sub B " + tag + ")");
        assertThat(first.label()).isEqualTo("same-" + tag + " (Sub A " + tag + ")");

        navigate("servers/" + b.id(), ServerDetailView.class);
        assertThat($(Paragraph.class).withClassName("view-header-description").first()
                .getText()).isEqualTo("Registered server in same-" + tag + " (Sub B " + tag + ")");
    }

    private Vault vault(String subscriptionName, String name) {
        return TestSecurity.runAs(security, Role.OWNER, () -> {
            var subscription = subscriptions.createSubscription(subscriptionName);
            var group = subscriptions.createResourceGroup(subscription.id(), "rg-" + name);
            UUID location = locations.list().stream()
                    .filter(l -> l.name().equals(StorageLocationService.DEFAULT_NAME)).findFirst().orElseThrow().id();
            return vaults.create(new CreateVaultRequest(name, subscription.id(), group.id(), null, location));
        });
    }

    private RegisteredServer enroll(Vault vault, String name) {
        return ((FleetService.Enrolled) fleet.enroll(vault.id(), name, "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()))).server();
    }

    /** The position of the visible column headed {@code header}, as the grid tester counts columns. */
    private int column(Grid<?> grid, String header) {
        long visible = grid.getColumns().stream().filter(Grid.Column::isVisible).count();
        for (int i = 0; i < visible; i++) {
            if (header.equals(test(grid).getHeaderCell(i))) {
                return i;
            }
        }
        throw new AssertionError("no column " + header);
    }
}
