package io.vaultfleet.console.monitoring;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

import io.vaultfleet.console.ui.Badges;
import io.vaultfleet.console.ui.DateTimes;

/** Alerts, lazily loaded page by page for the query the owner supplies; operators acknowledge them in place. */
class AlertsGrid extends Grid<Alert> {
    private static final UUID NO_VAULT = new UUID(0, 0);

    /**
     * Operators of an alert's vault get an Acknowledge button on its row; others see it disabled, with the reason.
     * Whether the user may is asked once per vault while the grid lives (the service checks again on each click).
     */
    AlertsGrid(AlertService alerts, Supplier<AlertQuery> query) {
        Map<UUID, Boolean> mayAcknowledge = new HashMap<>();
        boolean canAcknowledge = alerts.mayAcknowledgeSomewhere();
        addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        addComponentColumn(AlertsGrid::severityBadge).setHeader("Severity").setAutoWidth(true);
        addColumn(Alert::title).setHeader("Alert").setFlexGrow(3);
        addColumn(a -> a.state().label() + who(a)).setHeader("State").setAutoWidth(true);
        addColumn(a -> a.vaultName() == null ? "" : a.vaultName()).setHeader("Vault").setAutoWidth(true);
        addColumn(a -> DateTimes.dateTime(a.raisedAt())).setHeader("Raised").setAutoWidth(true);
        addColumn(Alert::occurrences).setHeader("Seen").setAutoWidth(true);
        addColumn(a -> a.detail() == null ? "" : a.detail()).setHeader("Detail").setFlexGrow(4);
        if (canAcknowledge) {
            addComponentColumn(a -> {
                if (a.state() != AlertState.ACTIVE) {
                    return new Span();
                }
                Button ack = new Button("Acknowledge", e -> {
                    try {
                        alerts.acknowledge(a.id());
                        getDataProvider().refreshAll();
                    } catch (IllegalArgumentException refused) {
                        Notification.show(refused.getMessage(), 5000, Notification.Position.BOTTOM_END)
                                .addThemeVariants(NotificationVariant.LUMO_ERROR);
                    }
                });
                ack.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                ack.addClassName("acknowledge-alert");
                if (!mayAcknowledge.computeIfAbsent(a.vaultId() == null ? NO_VAULT : a.vaultId(),
                        v -> alerts.mayAcknowledge(a))) {
                    ack.setEnabled(false);
                    ack.setTooltipText("You need the Backup operator role at this alert's vault to acknowledge it.");
                }
                return ack;
            }).setAutoWidth(true).setFlexGrow(0);
        }
        setItems(q -> alerts.list(query.get(), q.getOffset(), q.getLimit()).stream(),
                q -> (int) Math.min(Integer.MAX_VALUE, alerts.count(query.get())));
        setEmptyStateText("No alerts.");
    }

    private static String who(Alert a) {
        return switch (a.state()) {
            case ACKNOWLEDGED -> " by " + a.acknowledgedBy() + " · " + DateTimes.dateTime(a.acknowledgedAt());
            case RESOLVED -> " by " + a.resolvedBy() + " · " + DateTimes.dateTime(a.resolvedAt());
            case ACTIVE -> "";
        };
    }

    static Span severityBadge(Alert alert) {
        Span badge = Badges.of(alert.severity().label(), switch (alert.severity()) {
            case CRITICAL -> Badges.Tone.ERROR;
            case WARNING -> Badges.Tone.WARNING;
            case INFORMATIONAL -> Badges.Tone.INFO;
        });
        badge.addClassName("alert-severity");
        return badge;
    }
}
