package io.vaultfleet.console.jobs;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.RouteParam;

import io.vaultfleet.console.ui.Badges;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.console.ui.DateTimes;

/**
 * The jobs grid, lazy and kept current by server push; shared by the jobs view and the server page. A click on a
 * job opens its detail page.
 */
final class JobsGrid extends Grid<BackupJob> {

    /** The jobs of one server (server page). */
    JobsGrid(JobService jobs, UUID serverId, Clock clock) {
        this(jobs, () -> JobQuery.forServer(serverId), serverId == null, clock);
    }

    /** The jobs {@code query} selects, re-read on every refresh (the jobs view's filters). */
    JobsGrid(JobService jobs, Supplier<JobQuery> query, boolean showServer, Clock clock) {
        addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        if (showServer) {
            addColumn(j -> j.serverName() == null ? "" : j.serverName()).setHeader("Server").setAutoWidth(true);
        }
        addColumn(j -> Formats.itemLabel(j.item())).setHeader("Item").setAutoWidth(true);
        addColumn(JobsGrid::operation).setHeader("Operation").setAutoWidth(true);
        addComponentColumn(JobsGrid::status).setHeader("Status").setWidth("12rem").setFlexGrow(0);
        addComponentColumn(JobsGrid::progress).setHeader("Progress").setWidth("12rem").setFlexGrow(0);
        addColumn(j -> DateTimes.dateTime(j.startedAt())).setHeader("Start time").setAutoWidth(true);
        // how long the agent ran it, as on the job page (which also tells the wait for the agent)
        addColumn(j -> Formats.duration(j.runDuration(clock.instant()))).setHeader("Duration").setAutoWidth(true);
        addColumn(j -> Formats.bytes(j.bytesTransferred() > 0 ? j.bytesTransferred() : j.bytesDone())).setHeader("Data transferred")
                .setAutoWidth(true);
        addColumn(j -> j.detail() == null ? "" : j.detail()).setHeader("Details").setFlexGrow(2);
        setItems(q -> jobs.list(query.get(), q.getOffset(), q.getLimit()).stream(),
                q -> (int) Math.min(Integer.MAX_VALUE, jobs.count(query.get())));
        setEmptyStateText("No jobs match.");
        addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate(JobDetailView.class,
                new RouteParam("id", e.getItem().id().toString()))));
        jobs.updates().subscribe(this, change -> {
            JobQuery current = query.get();
            if (current.serverId() == null || current.serverId().equals(change.serverId())) {
                getDataProvider().refreshAll();
            }
        });
    }

    static String operationLabel(JobOperation operation) {
        return switch (operation) {
            case BACKUP -> "Backup";
            case RESTORE -> "Restore";
            case RETENTION_CLEANUP -> "Retention clean-up";
            case PURGE -> "Purge deleted data";
            case VERIFY_SECONDARY_COPY -> "Verify secondary copy";
        };
    }

    static String operation(BackupJob job) {
        String operation = operationLabel(job.kind());
        return operation + ("ON_DEMAND".equals(job.trigger()) ? " (on demand)"
                : "SCHEDULED".equals(job.trigger()) ? " (scheduled)" : "");
    }

    static Span status(BackupJob job) {
        Badges.Tone tone = switch (job.status()) {
            case COMPLETED -> Badges.Tone.SUCCESS;
            case COMPLETED_WITH_WARNINGS -> Badges.Tone.WARNING;
            case FAILED, CANCELLED -> Badges.Tone.ERROR;
            default -> job.stalled() || job.cancelPending() || job.reportNotStored() ? Badges.Tone.WARNING : Badges.Tone.INFO;
        };
        Span badge = Badges.of(job.statusLabel(), tone);
        badge.addClassName("job-status");
        badge.getElement().setAttribute("data-job", job.id().toString());
        badge.getElement().setAttribute("data-trigger", job.trigger() == null ? "" : job.trigger());
        if (job.serverName() != null) {
            badge.getElement().setAttribute("data-server", job.serverName());
        }
        return badge;
    }

    static ProgressBar progress(BackupJob job) {
        ProgressBar bar = new ProgressBar();
        showProgress(bar, job);
        return bar;
    }

    /** The job's progress on {@code bar}: indeterminate until a fraction is known, coloured when it ended badly. */
    static void showProgress(ProgressBar bar, BackupJob job) {
        double fraction = job.fraction();
        bar.setIndeterminate(fraction < 0);
        if (fraction >= 0) {
            bar.setValue(fraction);
        }
        // a job that ended badly says so in the bar's colour too
        bar.getElement().getThemeList().set("error", job.status() == JobStatus.FAILED);
        bar.getElement().getThemeList().set("contrast", job.status() == JobStatus.CANCELLED);
    }
}
