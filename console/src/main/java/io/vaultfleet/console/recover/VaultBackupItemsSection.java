package io.vaultfleet.console.recover;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.QueryParameters;

import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.recovery.ItemPoints;
import io.vaultfleet.console.recovery.RecoveryPointCatalog;
import io.vaultfleet.console.ui.DateTimes;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultSection;

/**
 * The vault's *Backup items* (the portal's blade, one row per server and item kind, with its latest recovery point
 * and count of points) and a *Recover Data* action per row that opens the wizard for that server: the third way in
 * besides the server's page and a recovery point's row. Like the server page's button, the action is shown to every
 * reader of the vault and disabled, with the reason, for users who are not Backup operators there.
 */
@org.springframework.stereotype.Component
class VaultBackupItemsSection implements VaultSection {
    private final RecoveryPointCatalog points;
    private final FleetService fleet;
    private final RecoverDataService recover;

    VaultBackupItemsSection(RecoveryPointCatalog points, FleetService fleet, RecoverDataService recover) {
        this.points = points;
        this.fleet = fleet;
        this.recover = recover;
    }

    @Override
    public Place place() {
        return Place.BACKUP_ITEMS;
    }

    @Override
    public int order() {
        return 0;
    }

    /** One row: a server's item; {@code server} is null when the server is no longer registered. */
    record Row(ItemPoints item, RegisteredServer server) {
        String serverName() {
            return server == null ? "(server removed)" : server.name();
        }
    }

    @Override
    public Component create(Vault vault) {
        List<ItemPoints> items = points.itemsOfVault(vault.id());
        Map<UUID, RegisteredServer> servers = fleet.findAll(items.stream().map(ItemPoints::serverId)
                .collect(Collectors.toSet())).stream().collect(Collectors.toMap(RegisteredServer::id, Function.identity()));
        List<Row> rows = items.stream().map(i -> new Row(i, servers.get(i.serverId())))
                .sorted(Comparator.comparing(Row::serverName, String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(r -> Formats.itemLabel(r.item().item())))
                .toList();
        if (rows.isEmpty()) {
            Div empty = new Div("No backup items yet: a server's items appear here after its first backup.");
            empty.addClassName("empty-state");
            empty.setId("backup-items-empty");
            return empty;
        }
        Grid<Row> grid = new Grid<>();
        grid.setId("backup-items");
        grid.addColumn(Row::serverName).setHeader("Server").setKey("server").setSortable(true);
        grid.addColumn(r -> Formats.itemLabel(r.item().item())).setHeader("Item").setKey("item");
        grid.addColumn(r -> latest(r.item().latest())).setHeader("Latest recovery point").setKey("latest");
        grid.addColumn(r -> r.item().points()).setHeader("Recovery points").setKey("points");
        grid.addComponentColumn(this::action).setHeader("").setKey("action").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.setItems(rows);
        return grid;
    }

    private static String latest(Instant at) {
        return at == null ? "none kept" : DateTimes.dateTime(at);
    }

    private Component action(Row row) {
        Button start = new Button("Recover Data");
        start.addThemeVariants(ButtonVariant.LUMO_SMALL);
        start.setId("recover-" + row.item().serverId() + "-" + row.item().item());
        start.addClassName("backup-item-recover");
        String why = row.server() == null ? "This server is no longer registered."
                : recover.whyNot(row.server()).orElse(null);
        if (why == null && row.item().points() == 0) {
            why = "No recovery point is kept for this item.";
        }
        if (why != null) {
            start.setEnabled(false);
            start.setTooltipText(why);
            Span reason = new Span(why);
            reason.addClassNames("hint", "backup-item-why-not");
            return new Div(start, reason);
        }
        String serverId = row.server().id().toString();
        start.addClickListener(e -> e.getSource().getUI().ifPresent(
                ui -> ui.navigate("recover", QueryParameters.of("server", serverId))));
        return start;
    }
}
