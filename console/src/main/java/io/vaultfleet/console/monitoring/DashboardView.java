package io.vaultfleet.console.monitoring;

import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.ServerStatus;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import jakarta.annotation.security.RolesAllowed;

/** The console's home: the state of the fleet at a glance, updated live. Each number opens the list behind it. */
@Route("")
@PageTitle("Dashboard")
@Menu(title = "Dashboard", order = 0, icon = "vaadin:dashboard")
@RolesAllowed("READER")
public class DashboardView extends Div implements HasBreadcrumbs {
    private final FleetService fleet;
    private final Span online = new Span();
    private final Span offline = new Span();
    private final Span total = new Span();

    public DashboardView(FleetService fleet) {
        this.fleet = fleet;
        addClassNames("view", "dashboard-view");
        add(new ViewHeader("Dashboard", "Backup health across all vaults and servers."));
        Div tiles = new Div(
                tile("Servers online", online, "servers", "tile-online", "success"),
                tile("Servers offline", offline, "servers", "tile-offline", "warning"),
                tile("Registered servers", total, "servers", "tile-total", "neutral"));
        tiles.addClassName("tiles");
        add(tiles);
        update();
        fleet.statusUpdates().subscribe(this, change -> update());
    }

    private static Anchor tile(String label, Span value, String route, String id, String tone) {
        value.addClassName("tile-value");
        value.setId(id);
        Span caption = new Span(label);
        caption.addClassName("tile-label");
        Anchor tile = new Anchor(route, value, caption);
        tile.addClassNames("tile", "tile-" + tone);
        return tile;
    }

    private void update() {
        Map<ServerStatus, Long> counts = fleet.countByStatus();
        long on = counts.get(ServerStatus.ONLINE);
        long off = counts.get(ServerStatus.OFFLINE);
        online.setText(String.valueOf(on));
        offline.setText(String.valueOf(off));
        total.setText(String.valueOf(on + off));
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("Dashboard"));
    }
}
