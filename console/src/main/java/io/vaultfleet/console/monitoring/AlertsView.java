package io.vaultfleet.console.monitoring;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;

import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import jakarta.annotation.security.PermitAll;

/**
 * Backup alerts across vaults, open ones first by default, filtered by state and rule (also from the URL:
 * {@code /alerts?rule=AGENT_OFFLINE&state=all&vault=<id>}, which the dashboard's numbers open), updated live.
 */
@Route("alerts")
@PageTitle("Alerts")
@Menu(title = "Alerts", order = 4, icon = "vaadin:bell")
@PermitAll
public class AlertsView extends Div implements HasBreadcrumbs, BeforeEnterObserver {
    enum Show {
        OPEN("Open (active and acknowledged)"), ACTIVE("Active"), ACKNOWLEDGED("Acknowledged"), RESOLVED("Resolved"),
        ALL("All");

        final String label;

        Show(String label) {
            this.label = label;
        }
    }

    private final ComboBox<Show> show = new ComboBox<>();
    private final ComboBox<AlertRule> rule = new ComboBox<>();
    private final Span counts = new Span();
    private final AlertsGrid grid;
    private final AlertService alerts;
    private UUID vaultId;

    public AlertsView(AlertService alerts) {
        this.alerts = alerts;
        addClassNames("view", "alerts-view");
        add(new ViewHeader("Alerts", "Failed and missed backups, offline agents and other conditions that need attention.")
                .withActions(new RouterLink("Notification settings", NotificationSettingsView.class)));
        show.setItems(Show.values());
        show.setItemLabelGenerator(s -> s.label);
        show.setValue(Show.OPEN);
        show.setId("alert-state-filter");
        rule.setItems(AlertRule.values());
        rule.setItemLabelGenerator(AlertRule::label);
        rule.setPlaceholder("Any rule");
        rule.setClearButtonVisible(true);
        rule.setId("alert-rule-filter");
        counts.setId("alert-counts");
        counts.addClassName("grid-summary");
        HorizontalLayout toolbar = new HorizontalLayout(show, rule, counts);
        toolbar.addClassName("view-toolbar");
        toolbar.setAlignItems(FlexComponent.Alignment.CENTER);
        add(toolbar);
        grid = new AlertsGrid(alerts, this::query);
        grid.setId("alerts-grid");
        grid.setSizeFull();
        add(grid);
        show.addValueChangeListener(e -> refresh());
        rule.addValueChangeListener(e -> refresh());
        alerts.updates().subscribe(this, change -> refresh());
    }

    private AlertQuery query() {
        Show s = show.getValue() == null ? Show.OPEN : show.getValue();
        AlertState state = switch (s) {
            case ACTIVE -> AlertState.ACTIVE;
            case ACKNOWLEDGED -> AlertState.ACKNOWLEDGED;
            case RESOLVED -> AlertState.RESOLVED;
            default -> null;
        };
        return new AlertQuery(s == Show.OPEN, state, rule.getValue(), vaultId, null);
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
        var open = alerts.openBySeverity();
        counts.setText(open.get(AlertSeverity.CRITICAL) + " critical · " + open.get(AlertSeverity.WARNING)
                + " warning open");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var params = event.getLocation().getQueryParameters().getParameters();
        params.getOrDefault("rule", List.of()).stream().findFirst().ifPresent(r -> {
            try {
                rule.setValue(AlertRule.valueOf(r));
            } catch (IllegalArgumentException unknown) {
                rule.clear();
            }
        });
        params.getOrDefault("state", List.of()).stream().findFirst().ifPresent(st -> {
            try {
                show.setValue(Show.valueOf(st.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException unknown) {
                show.setValue(Show.OPEN);
            }
        });
        vaultId = null;
        params.getOrDefault("vault", List.of()).stream().findFirst().ifPresent(v -> {
            try {
                vaultId = UUID.fromString(v);
            } catch (IllegalArgumentException unknown) {
                vaultId = null;
            }
        });
        refresh();
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("Alerts"));
    }
}
