package io.vaultfleet.console.downloads;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.spring.security.AuthenticationContext;

import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerDetailSection;
import io.vaultfleet.console.identity.Role;

/** The server page's agent section: the version it runs, the version this console offers, and Upgrade agent
 * (or, when the offered version is older, a separate Roll back agent that asks first). */
@org.springframework.stereotype.Component
class AgentVersionSection implements ServerDetailSection {
    private final AgentUpgrades upgrades;
    private final AuthenticationContext authentication;

    AgentVersionSection(AgentUpgrades upgrades, AuthenticationContext authentication) {
        this.upgrades = upgrades;
        this.authentication = authentication;
    }

    @Override
    public int order() {
        return 5;
    }

    @Override
    public String title() {
        return "Agent";
    }

    @Override
    public Component create(RegisteredServer server) {
        String offered = upgrades.offeredVersion().orElse(null);
        Span text = new Span("Runs " + (server.agentVersion() == null ? "an unknown version" : server.agentVersion())
                + (offered == null ? "" : "; this console offers " + offered + "."));
        text.setId("agent-version-text");
        HorizontalLayout row = new HorizontalLayout(text);
        row.setAlignItems(HorizontalLayout.Alignment.CENTER);
        boolean canUpgrade = offered != null && !offered.equals(server.agentVersion()) && server.revokedAt() == null
                && !server.unregistered() && authentication.hasRole(Role.CONTRIBUTOR.name());
        if (canUpgrade && upgrades.directionFor(server.agentVersion()) == AgentUpgrades.Direction.OLDER) {
            // going back is never the default: a separate button, and a confirmation saying what it does
            Button rollback = new Button("Roll back agent to " + offered + "…", e -> confirmRollback(server, offered));
            rollback.setId("rollback-agent");
            row.add(rollback);
        } else if (canUpgrade) {
            Button upgrade = new Button("Upgrade agent to " + offered, e -> send(server, false));
            upgrade.setId("upgrade-agent");
            row.add(upgrade);
        }
        return row;
    }

    private void confirmRollback(RegisteredServer server, String offered) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId("rollback-agent-dialog");
        dialog.setHeader("Roll back the agent on " + server.name() + "?");
        dialog.setText("This console offers agent " + offered + ", older than the " + server.agentVersion() + " the "
                + "server runs. Agents refuse older versions unless the offer is signed as an explicit rollback; this "
                + "sends such an offer.");
        dialog.setCancelable(true);
        dialog.setConfirmText("Roll back to " + offered);
        dialog.setConfirmButtonTheme("error primary");
        dialog.addConfirmListener(e -> send(server, true));
        dialog.open();
    }

    private void send(RegisteredServer server, boolean rollback) {
        try {
            Notification.show(upgrades.offer(server.id(), rollback), 5000, Notification.Position.BOTTOM_END)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        } catch (IllegalStateException | IllegalArgumentException ex) {
            Notification.show(ex.getMessage(), 8000, Notification.Position.BOTTOM_END)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
    }
}
