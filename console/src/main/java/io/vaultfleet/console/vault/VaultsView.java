package io.vaultfleet.console.vault;

import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.router.RouteParameters;
import io.vaultfleet.console.storage.StorageLocation;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.subscription.ResourceGroup;
import io.vaultfleet.console.subscription.Subscription;
import io.vaultfleet.console.subscription.SubscriptionService;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import jakarta.annotation.security.PermitAll;

/**
 * The list of Recovery Services vaults the user may see, filtered by name, subscription, resource group and
 * location. Open to every signed-in user: what they see depends on their roles at each scope.
 */
@Route("vaults")
@PageTitle("Recovery Services vaults")
@Menu(title = "Recovery Services vaults", order = 1, icon = "vaadin:safe")
@PermitAll
public class VaultsView extends Div implements HasBreadcrumbs {
    private final VaultService vaults;
    private final Grid<Vault> grid = new Grid<>();
    private final TextField name = new TextField();
    private final ComboBox<Subscription> subscription = new ComboBox<>();
    private final ComboBox<ResourceGroup> resourceGroup = new ComboBox<>();
    private final ComboBox<StorageLocation> location = new ComboBox<>();
    private final Paragraph empty = new Paragraph();

    public VaultsView(VaultService vaults, SubscriptionService subscriptions, StorageLocationService locations) {
        this.vaults = vaults;
        addClassNames("view", "vaults-view");
        Button add = new Button("Add", VaadinIcon.PLUS.create(), e -> e.getSource().getUI()
                .ifPresent(ui -> ui.navigate(CreateVaultView.class)));
        add.setId("add-vault-button");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        if (!vaults.mayCreateVault()) {
            // no silent click: a user who may not create a vault sees Add disabled, with why on hover
            add.setEnabled(false);
            add.setTooltipText(VaultService.CREATE_NEEDS);
        }
        add(new ViewHeader("Recovery Services vaults",
                "Vaults hold the backups of your servers and the settings that protect them.").withActions(add));

        name.setPlaceholder("Filter by name");
        name.setId("vault-filter-name");
        name.setClearButtonVisible(true);
        name.setValueChangeMode(ValueChangeMode.EAGER);
        subscription.setPlaceholder("All subscriptions");
        subscription.setId("vault-filter-subscription");
        subscription.setItems(subscriptions.subscriptions());
        subscription.setItemLabelGenerator(Subscription::name);
        subscription.setClearButtonVisible(true);
        resourceGroup.setPlaceholder("All resource groups");
        resourceGroup.setId("vault-filter-resource-group");
        resourceGroup.setItems(subscriptions.resourceGroups(null));
        resourceGroup.setItemLabelGenerator(g -> g.name() + " (" + g.subscriptionName() + ")");
        resourceGroup.setClearButtonVisible(true);
        location.setPlaceholder("All locations");
        location.setId("vault-filter-location");
        location.setItems(locations.list());
        location.setItemLabelGenerator(StorageLocation::displayName);
        location.setClearButtonVisible(true);
        name.addValueChangeListener(e -> refresh());
        subscription.addValueChangeListener(e -> {
            // offer only the chosen subscription's resource groups
            resourceGroup.setItems(subscriptions.resourceGroups(e.getValue() == null ? null : e.getValue().id()));
            refresh();
        });
        resourceGroup.addValueChangeListener(e -> refresh());
        location.addValueChangeListener(e -> refresh());
        Div filters = new Div(name, subscription, resourceGroup, location);
        filters.addClassName("filter-bar");
        add(filters);

        grid.setId("vaults-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        grid.addComponentColumn(v -> {
            RouterLink link = new RouterLink(v.name(), VaultView.class, new RouteParameters("vaultId", v.id().toString()));
            link.addClassName("vault-link");
            link.getElement().setAttribute("data-vault", v.name());
            return link;
        }).setHeader("Name").setAutoWidth(true);
        grid.addColumn(Vault::resourceGroupName).setHeader("Resource group").setAutoWidth(true);
        grid.addColumn(Vault::locationName).setHeader("Location").setAutoWidth(true);
        grid.addColumn(Vault::subscriptionName).setHeader("Subscription").setAutoWidth(true);
        grid.addColumn(v -> v.redundancy().label()).setHeader("Storage replication").setAutoWidth(true);
        add(grid);
        empty.addClassName("empty-state");
        empty.setId("vaults-empty");
        add(empty);
        refresh();
    }

    private void refresh() {
        List<Vault> shown = vaults.list(new VaultFilter(name.getValue(),
                subscription.getValue() == null ? null : subscription.getValue().id(),
                resourceGroup.getValue() == null ? null : resourceGroup.getValue().id(),
                location.getValue() == null ? null : location.getValue().id()));
        grid.setItems(shown);
        empty.setText(shown.isEmpty() ? "No Recovery Services vaults to show." : "");
        empty.setVisible(shown.isEmpty());
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("Recovery Services vaults"));
    }
}
