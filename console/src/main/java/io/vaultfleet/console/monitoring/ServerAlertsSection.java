package io.vaultfleet.console.monitoring;

import com.vaadin.flow.component.Component;

import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerDetailSection;

/** The server page's alerts: open ones and the resolved history, live. */
@org.springframework.stereotype.Component
class ServerAlertsSection implements ServerDetailSection {
    private final AlertService alerts;

    ServerAlertsSection(AlertService alerts) {
        this.alerts = alerts;
    }

    @Override
    public int order() {
        return 3;
    }

    @Override
    public String title() {
        return "Alerts";
    }

    @Override
    public Component create(RegisteredServer server) {
        AlertsGrid grid = new AlertsGrid(alerts, () -> AlertQuery.all().forServer(server.id()));
        grid.setId("server-alerts");
        grid.setAllRowsVisible(true);
        alerts.updates().subscribe(grid, change -> {
            if (server.id().equals(change.serverId())) {
                grid.getDataProvider().refreshAll();
            }
        });
        return grid;
    }
}
