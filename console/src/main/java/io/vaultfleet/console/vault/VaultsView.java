package io.vaultfleet.console.vault;

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

/** The list of Recovery Services vaults. */
@Route("vaults")
@PageTitle("Recovery Services vaults")
@Menu(title = "Recovery Services vaults", order = 1, icon = "vaadin:safe")
@RolesAllowed("READER")
public class VaultsView extends Div implements HasBreadcrumbs {
    public VaultsView() {
        addClassNames("view", "vaults-view");
        add(new ViewHeader("Recovery Services vaults",
                "Vaults hold the backups of your servers and the settings that protect them."));
        Paragraph empty = new Paragraph("No Recovery Services vaults yet.");
        empty.addClassName("empty-state");
        add(empty);
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("Recovery Services vaults"));
    }
}
