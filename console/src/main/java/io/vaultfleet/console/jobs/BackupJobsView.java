package io.vaultfleet.console.jobs;

import java.time.Clock;
import java.util.List;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import jakarta.annotation.security.RolesAllowed;

/** Every backup, restore and clean-up job, newest first, with live progress. */
@Route("jobs")
@PageTitle("Backup jobs")
@Menu(title = "Backup jobs", order = 3, icon = "vaadin:tasks")
@RolesAllowed("READER")
public class BackupJobsView extends Div implements HasBreadcrumbs {
    public BackupJobsView(JobService jobs, Clock clock) {
        addClassNames("view", "jobs-view");
        add(new ViewHeader("Backup jobs", "Scheduled and on-demand backups, restores and clean-ups, with their progress."));
        JobsGrid grid = new JobsGrid(jobs, null, clock);
        grid.setId("jobs-grid");
        grid.setSizeFull();
        add(grid);
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("Backup jobs"));
    }
}
