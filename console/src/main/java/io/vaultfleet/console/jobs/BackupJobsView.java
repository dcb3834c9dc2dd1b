package io.vaultfleet.console.jobs;

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

/** Every backup, restore and clean-up job. */
@Route("jobs")
@PageTitle("Backup jobs")
@Menu(title = "Backup jobs", order = 3, icon = "vaadin:tasks")
@RolesAllowed("READER")
public class BackupJobsView extends Div implements HasBreadcrumbs {
    public BackupJobsView() {
        addClassNames("view", "jobs-view");
        add(new ViewHeader("Backup jobs", "Scheduled and on-demand backups, restores and clean-ups, with their progress."));
        Paragraph empty = new Paragraph("No jobs have run yet.");
        empty.addClassName("empty-state");
        add(empty);
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("Backup jobs"));
    }
}
