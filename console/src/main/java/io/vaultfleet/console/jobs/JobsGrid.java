package io.vaultfleet.console.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;

import io.vaultfleet.console.ui.Badges;
import io.vaultfleet.console.ui.Formats;

/** The jobs grid, lazy and kept current by server push; shared by the jobs view and the server page. */
final class JobsGrid extends Grid<BackupJob> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    JobsGrid(JobService jobs, UUID serverId, Clock clock) {
        addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        if (serverId == null) {
            addColumn(j -> j.serverName() == null ? "" : j.serverName()).setHeader("Server").setAutoWidth(true);
        }
        addColumn(j -> Formats.itemLabel(j.item())).setHeader("Item").setAutoWidth(true);
        addColumn(j -> "Backup" + ("ON_DEMAND".equals(j.trigger()) ? " (on demand)"
                : "SCHEDULED".equals(j.trigger()) ? " (scheduled)" : "")).setHeader("Operation")
                .setAutoWidth(true);
        addComponentColumn(JobsGrid::status).setHeader("Status").setWidth("12rem").setFlexGrow(0);
        addComponentColumn(JobsGrid::progress).setHeader("Progress").setWidth("12rem").setFlexGrow(0);
        addColumn(j -> WHEN.format(j.startedAt())).setHeader("Start time").setAutoWidth(true);
        addColumn(j -> human(j.duration(clock.instant()))).setHeader("Duration").setAutoWidth(true);
        addColumn(j -> Formats.bytes(j.bytesTransferred() > 0 ? j.bytesTransferred() : j.bytesDone())).setHeader("Data transferred")
                .setAutoWidth(true);
        addColumn(j -> j.detail() == null ? "" : j.detail()).setHeader("Details").setFlexGrow(2);
        setItems(q -> jobs.list(serverId, q.getOffset(), q.getLimit()).stream(),
                q -> (int) Math.min(Integer.MAX_VALUE, jobs.count(serverId)));
        setEmptyStateText("No jobs have run yet.");
        jobs.updates().subscribe(this, change -> {
            if (serverId == null || serverId.equals(change.serverId())) {
                getDataProvider().refreshAll();
            }
        });
    }

    private static Span status(BackupJob job) {
        Badges.Tone tone = switch (job.status()) {
            case COMPLETED -> Badges.Tone.SUCCESS;
            case COMPLETED_WITH_WARNINGS -> Badges.Tone.WARNING;
            case FAILED, CANCELLED -> Badges.Tone.ERROR;
            default -> Badges.Tone.INFO;
        };
        Span badge = Badges.of(job.status().label(), tone);
        badge.addClassName("job-status");
        badge.getElement().setAttribute("data-job", job.id().toString());
        badge.getElement().setAttribute("data-trigger", job.trigger() == null ? "" : job.trigger());
        if (job.serverName() != null) {
            badge.getElement().setAttribute("data-server", job.serverName());
        }
        return badge;
    }

    private static ProgressBar progress(BackupJob job) {
        ProgressBar bar = new ProgressBar();
        double fraction = job.fraction();
        bar.setIndeterminate(fraction < 0);
        if (fraction >= 0) {
            bar.setValue(fraction);
        }
        return bar;
    }

    static String human(Duration d) {
        return d.toHours() > 0 ? d.toHours() + " h " + d.toMinutesPart() + " min"
                : d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : d.toSeconds() + " s";
    }
}
