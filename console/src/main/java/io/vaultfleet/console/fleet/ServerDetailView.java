package io.vaultfleet.console.fleet;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.PropertyRow;
import io.vaultfleet.console.ui.ViewHeader;
import jakarta.annotation.security.PermitAll;
import io.vaultfleet.console.ui.DateTimes;
import org.springframework.security.access.AccessDeniedException;

/**
 * One registered server: its properties, connection history, what other features contribute (recovery points, …)
 * and the actions an admin takes on it: unregister, allow re-registration after a reinstall.
 */
@Route("servers/:id")
@PageTitle("Registered server")
@PermitAll
public class ServerDetailView extends Div implements BeforeEnterObserver, HasBreadcrumbs {

    private final FleetService fleet;
    private final List<ServerDetailSection> sections;
    private RegisteredServer server;

    public ServerDetailView(FleetService fleet, List<ServerDetailSection> sections) {
        this.fleet = fleet;
        this.sections = sections.stream().sorted(Comparator.comparingInt(ServerDetailSection::order)).toList();
        addClassNames("view", "server-detail-view");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        UUID id;
        try {
            id = UUID.fromString(event.getRouteParameters().get("id").orElse(""));
        } catch (IllegalArgumentException e) {
            showMissing();
            return;
        }
        try {
            server = fleet.find(id).orElse(null);
        } catch (AccessDeniedException denied) {
            // a server of a vault the user may not read: say why, as the vault page does
            removeAll();
            add(new ViewHeader("Registered server", denied.getMessage()));
            return;
        }
        if (server == null) {
            showMissing();
            return;
        }
        render();
    }

    private void showMissing() {
        removeAll();
        add(new ViewHeader("Registered server", "This server does not exist or was removed."));
    }

    private void render() {
        removeAll();
        add(new ViewHeader(server.name(), server.revokedAt() == null ? "Registered server in " + server.vaultLabel()
                : "Unregistered on " + DateTimes.dateTime(server.revokedAt())));

        Div properties = new Div();
        properties.addClassName("properties");
        properties.setId("server-properties");
        property(properties, "Status", server.revokedAt() != null ? "Unregistered"
                : server.status().label() + " since " + DateTimes.dateTime(server.statusSince()));
        property(properties, "Vault", server.vaultLabel());
        property(properties, "Operating system", server.os());
        property(properties, "Agent version", server.agentVersion());
        property(properties, "Registered", DateTimes.dateTime(server.registeredAt()));
        property(properties, "Last seen", server.lastSeenAt() == null ? "never" : DateTimes.dateTime(server.lastSeenAt()));
        property(properties, "Last backup", server.lastBackupLabel(DateTimes.formatter()));
        property(properties, "Alerts", server.alertsLabel());
        property(properties, "Server id", server.id().toString());
        if (server.reregistrationUntil() != null) {
            property(properties, "Re-registration allowed until", DateTimes.dateTime(server.reregistrationUntil()));
        }
        add(properties);
        add(actions());

        add(new H3("Connection history"));
        Grid<ServerConnectionRecord> history = new Grid<>();
        history.setId("connection-history");
        history.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        history.addColumn(c -> DateTimes.dateTime(c.connectedAt())).setHeader("Connected").setAutoWidth(true);
        history.addColumn(c -> c.disconnectedAt() == null ? "connected now" : DateTimes.dateTime(c.disconnectedAt()))
                .setHeader("Disconnected").setAutoWidth(true);
        history.addColumn(c -> c.disconnectedAt() == null ? "" : Formats.duration(Duration.between(c.connectedAt(), c.disconnectedAt())))
                .setHeader("Duration").setAutoWidth(true);
        history.addColumn(ServerConnectionRecord::remoteAddress).setHeader("From").setAutoWidth(true);
        history.addColumn(c -> DisconnectReason.plain(c.closeReason())).setHeader("Reason").setFlexGrow(2);
        history.setItems(fleet.connections(server.id(), 50));
        history.setAllRowsVisible(true);
        history.setEmptyStateText("The agent has not connected yet.");
        add(history);

        for (ServerDetailSection section : sections) {
            add(new H3(section.title()));
            add(section.create(server));
        }
    }

    private HorizontalLayout actions() {
        HorizontalLayout bar = new HorizontalLayout();
        bar.addClassName("view-toolbar");
        if (server.revokedAt() != null || server.unregistered()) {
            return bar;
        }
        if (fleet.allows(Role.CONTRIBUTOR, server)) {
            Button unregister = new Button("Unregister", e -> confirmUnregister());
            unregister.addThemeVariants(ButtonVariant.LUMO_ERROR);
            unregister.setId("unregister-server");
            bar.add(unregister);
        }
        if (fleet.allows(Role.OWNER, server)) {
            Button allow = new Button("Allow re-registration", e -> allowReregistration());
            allow.setId("allow-reregistration");
            allow.setTooltipText("For 24 hours, a reinstalled server with this name may register again and take over "
                    + "this registration and its backups.");
            bar.add(allow);
        }
        return bar;
    }

    private void confirmUnregister() {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setHeader("Unregister " + server.name() + "?");
        TextField reason = new TextField("Reason");
        reason.setWidthFull();
        reason.setId("unregister-reason");
        Div text = new Div(new Span("The agent on this server will be disconnected, and " + AgentAuthenticator.AFTER_UNREGISTER
                + ". This registration's recovery points are kept as the vault's soft-delete settings say."), reason);
        dialog.setText(text);
        dialog.setCancelable(true);
        dialog.setConfirmText("Unregister");
        dialog.setConfirmButtonTheme("error primary");
        dialog.addConfirmListener(e -> {
            String why = reason.getValue().isBlank() ? "unregistered in the console" : reason.getValue().trim();
            fleet.unregister(server.id(), why.length() > 200 ? why.substring(0, 200) : why);
            Notification.show("Server " + server.name() + " was unregistered.", 5000, Notification.Position.BOTTOM_END)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            server = fleet.find(server.id()).orElse(server);
            render();
        });
        dialog.open();
    }

    private void allowReregistration() {
        fleet.allowReregistration(server.id(), Duration.ofHours(24));
        Notification.show("For 24 hours, " + server.name() + " may register again after a reinstall.", 5000,
                Notification.Position.BOTTOM_END).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        server = fleet.find(server.id()).orElse(server);
        render();
    }

    private static void property(Div container, String label, String value) {
        container.add(PropertyRow.labelled(label, value));
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(new Crumb("Registered servers", "servers"),
                Crumb.here(server == null ? "Server" : server.name()));
    }
}
