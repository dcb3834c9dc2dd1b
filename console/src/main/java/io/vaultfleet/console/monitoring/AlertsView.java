package io.vaultfleet.console.monitoring;

import java.util.List;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import jakarta.annotation.security.RolesAllowed;

/** Backup alerts. Alert rules arrive with the monitoring feature; until then there is nothing to raise. */
@Route("alerts")
@PageTitle("Alerts")
@Menu(title = "Alerts", order = 4, icon = "vaadin:bell")
@RolesAllowed("READER")
public class AlertsView extends Div implements HasBreadcrumbs {
    public AlertsView() {
        addClassNames("view", "alerts-view");
        add(new ViewHeader("Alerts", "Failed and missed backups, offline agents and other conditions that need attention."));
        Paragraph empty = new Paragraph("No alerts.");
        empty.addClassName("empty-state");
        add(empty);
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("Alerts"));
    }
}
