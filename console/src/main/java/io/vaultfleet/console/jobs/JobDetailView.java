package io.vaultfleet.console.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.PropertyRow;
import io.vaultfleet.console.ui.ViewHeader;
import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.protocol.SkippedItem;
import jakarta.annotation.security.PermitAll;
import io.vaultfleet.console.ui.DateTimes;
import org.springframework.security.access.AccessDeniedException;

/**
 * One job: its stages (precheck, snapshot, upload, finalize) with live progress streamed from the agent (bytes,
 * files, rate, ETA, a progress bar), its warnings and errors, and Cancel while it runs.
 */
@Route("jobs/:id")
@PageTitle("Job")
@PermitAll
public class JobDetailView extends Div implements BeforeEnterObserver, HasBreadcrumbs {
    /**
     * The steps of an agent's backup as the page shows them, in order; {@link JobStage#WAITING_FOR_STORAGE} is shown
     * as the upload step, waiting.
     */
    static final List<JobStage> STAGES = List.of(JobStage.PRECHECK, JobStage.SNAPSHOT, JobStage.UPLOAD, JobStage.FINALIZE);
    /** The steps of a restore (Recover Data). */
    static final List<JobStage> RESTORE_STAGES = List.of(JobStage.PRECHECK, JobStage.RESTORE, JobStage.FINALIZE);
    /** How many skipped items the page lists (the agent reports at most 1,000). */
    static final int SKIPPED_SHOWN = 1000;

    private final JobService jobs;
    private final Clock clock;
    private final Div body = new Div();
    private BackupJob job;
    /** The parts that change while the job runs, updated in place so that a click is never lost to a re-render. */
    private final Div properties = new Div();
    private final Div stages = new Div();
    private final ProgressBar bar = new ProgressBar();
    private final Span figures = new Span();
    private final H3 detailTitle = new H3();
    private final Pre detail = new Pre();
    private final Div reportProblem = new Div();
    private final H3 skippedTitle = new H3("Skipped items");
    private final Div skipped = new Div();
    private final Button cancel = new Button("Cancel job", e -> confirmCancel());

    public JobDetailView(JobService jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
        addClassNames("view", "job-detail-view");
        add(body);
        properties.addClassName("properties");
        properties.setId("job-properties");
        stages.addClassName("job-stages");
        stages.setId("job-stages");
        bar.setId("job-progress-bar");
        figures.setId("job-figures");
        detail.setId("job-detail");
        detail.addClassName("job-detail-text");
        reportProblem.setId("job-report-problem");
        reportProblem.addClassName("job-report-problem");
        reportProblem.getElement().setAttribute("role", "alert");
        skipped.setId("job-skipped");
        skipped.addClassName("job-skipped");
        cancel.addThemeVariants(ButtonVariant.LUMO_ERROR);
        cancel.setId("cancel-job");
        jobs.updates().subscribe(this, change -> {
            if (job != null && job.id().equals(change.jobId())) {
                jobs.find(job.id()).ifPresent(fresh -> {
                    job = fresh;
                    update();
                });
            }
        }, () -> {
            if (job != null) {
                jobs.find(job.id()).ifPresent(fresh -> {
                    job = fresh;
                    update();
                });
            }
        });
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        try {
            UUID id = UUID.fromString(event.getRouteParameters().get("id").orElse(""));
            job = jobs.find(id).orElse(null);
        } catch (IllegalArgumentException e) {
            job = null;
        } catch (AccessDeniedException denied) {
            // a job of a vault the user may not read: say why, show nothing of it
            job = null;
            body.removeAll();
            body.add(new ViewHeader("Job", denied.getMessage()));
            return;
        }
        body.removeAll();
        if (job == null) {
            body.add(new ViewHeader("Job", "This job does not exist."));
            return;
        }
        // retention clean-ups and purges act on a server's storage, not on one item
        body.add(new ViewHeader(JobsGrid.operation(job) + (job.item() == null ? "" : " of " + Formats.itemLabel(job.item())),
                job.serverName() == null ? "" : "on " + job.serverName()));
        body.add(properties, reportProblem, new H3("Progress"), stages, bar, figures, detailTitle, detail, skippedTitle,
                skipped, new Div(cancel));
        update();
    }

    private void update() {
        properties.removeAll();
        property(properties, "Status", JobsGrid.status(job));
        property(properties, "Server", text(job.serverName()));
        property(properties, "Started", text(DateTimes.dateTime(job.startedAt())
                + (job.requestedBy() == null ? "" : " by " + job.requestedBy())));
        // the backup's own time; what it waited for its agent (e.g. a first start still training its JVM cache) apart
        Duration waited = job.waited();
        property(properties, "Duration", text(Formats.duration(job.runDuration(clock.instant()))
                + (waited.toSeconds() >= 1 ? " (after " + Formats.duration(waited) + " waiting for the agent)" : "")));
        if (job.retainUntil() != null) {
            property(properties, "Retain backup till", text(job.retainUntil().toString()));
        }
        if (job.recoveryPointId() != null) {
            property(properties, job.restore() ? "Recovery point restored" : "Recovery point", text(job.recoveryPointId()));
        }
        if (job.cancelPending()) {
            property(properties, "Cancel", text("requested by " + job.cancelRequestedBy() + " at "
                    + DateTimes.dateTime(job.cancelRequestedAt()) + "; waiting for the agent"));
        }
        if (job.stalled() && !job.status().finished()) {
            property(properties, "Stalled", text("no report from the agent since " + DateTimes.dateTime(job.lastReportAt())));
        }
        reportProblem.setText(job.reportNotStored() ? job.reportProblem() : "");
        reportProblem.setVisible(job.reportNotStored());
        updateStages();
        updateSkipped();
        JobsGrid.showProgress(bar, job);
        figures.setText(figures());
        boolean hasDetail = job.detail() != null && !job.detail().isBlank();
        detailTitle.setText(job.status() == JobStatus.FAILED ? "Errors" : "Warnings and details");
        detailTitle.setVisible(hasDetail);
        detail.setText(hasDetail ? job.detail().replace("; ", "\n") : "");
        detail.setVisible(hasDetail);
        cancel.setVisible(job.cancellable() && !job.cancelPending() && jobs.mayCancel(job));
    }

    /**
     * The stage pills: done ones green, the current one marked; a failed or cancelled job marks the stage it stopped
     * in as failed (or cancelled) and the later ones as not reached. A job that ended before its first stage (still
     * queued) reached none; an older job stored without where it stopped marks none.
     */
    private void updateStages() {
        stages.removeAll();
        List<JobStage> steps = job.restore() ? RESTORE_STAGES : STAGES;
        JobStage at = job.stage() == JobStage.WAITING_FOR_STORAGE ? JobStage.UPLOAD : job.stage();
        boolean stopped = job.status() == JobStatus.FAILED || job.status() == JobStatus.CANCELLED;
        boolean succeeded = job.status().finished() && !stopped;
        int current = succeeded ? steps.size() : at == JobStage.QUEUED ? -1 : steps.indexOf(at);
        boolean unknown = stopped && current < 0 && at != JobStage.QUEUED;
        for (int i = 0; i < steps.size(); i++) {
            JobStage step = steps.get(i);
            Span stage = new Span(label(step));
            stage.addClassName("job-stage");
            stage.getElement().setAttribute("data-stage", step.name());
            if (unknown) {
                stage.getElement().setAttribute("title", "Where this job stopped was not recorded");
            } else if (i < current) {
                stage.addClassName("done");
            } else if (i == current && stopped) {
                stage.addClassName(job.status() == JobStatus.FAILED ? "failed" : "cancelled");
                stage.setText(label(step) + (job.status() == JobStatus.FAILED ? " (failed)" : " (cancelled)"));
                stage.getElement().setAttribute("aria-current", "step");
            } else if (stopped) {
                stage.addClassName("not-reached");
                stage.getElement().setAttribute("title", "Not reached");
            } else if (i == current || (current < 0 && i == 0)) {
                stage.addClassName("current");
                stage.getElement().setAttribute("aria-current", "step");
                if (job.stage() == JobStage.WAITING_FOR_STORAGE) {
                    stage.setText(label(step) + " (" + label(JobStage.WAITING_FOR_STORAGE).toLowerCase() + ")");
                    stage.getElement().setAttribute("data-stage", JobStage.WAITING_FOR_STORAGE.name());
                }
            }
            stages.add(stage);
        }
    }

    /** Completed with warnings: what was not backed up and why, as MARS lists a backup's failed files. */
    private void updateSkipped() {
        skipped.removeAll();
        List<SkippedItem> items = job.status().finished() ? jobs.skippedItems(job.id()) : List.of();
        long more = job.skippedNotListed() + Math.max(0, items.size() - SKIPPED_SHOWN);
        for (var item : items.subList(0, Math.min(items.size(), SKIPPED_SHOWN))) {
            Span path = new Span(item.path());
            path.addClassName("skipped-path");
            Span reason = new Span(item.reason());
            reason.addClassName("skipped-reason");
            Div row = new Div(path, reason);
            row.addClassName("skipped-item");
            skipped.add(row);
        }
        if (more > 0) {
            Span rest = new Span("and " + more + " more not listed");
            rest.addClassName("skipped-more");
            skipped.add(rest);
        }
        boolean any = !items.isEmpty() || more > 0;
        skippedTitle.setText((job.restore() ? "Not restored (" : "Skipped items (") + (items.size() + more) + ")");
        skippedTitle.setVisible(any);
        skipped.setVisible(any);
    }

    private static String label(JobStage stage) {
        String words = stage.name().replace('_', ' ');
        return words.charAt(0) + words.substring(1).toLowerCase();
    }

    private String figures() {
        StringBuilder s = new StringBuilder();
        s.append(job.filesDone()).append(" files, ").append(Formats.bytes(job.bytesDone()));
        if (job.bytesTotal() > 0) {
            s.append(" of ").append(Formats.bytes(job.bytesTotal()));
        }
        if (!job.status().finished() && job.bytesPerSecond() > 0) {
            s.append(" · ").append(Formats.bytes(job.bytesPerSecond())).append("/s");
            if (job.bytesTotal() > job.bytesDone()) {
                long seconds = (job.bytesTotal() - job.bytesDone()) / job.bytesPerSecond();
                s.append(" · about ").append(Formats.duration(Duration.ofSeconds(seconds))).append(" left");
            }
        }
        if (job.bytesTransferred() > 0) {
            s.append(" · ").append(Formats.bytes(job.bytesTransferred())).append(" stored");
        }
        return s.toString();
    }

    private void confirmCancel() {
        ConfirmDialog confirm = new ConfirmDialog("Cancel this job?",
                job.restore() ? "The agent stops the restore. Files already written stay where they are."
                        : "The agent stops the backup. No recovery point is made; data already uploaded is reused by the next backup.",
                "Cancel job", e -> {
                    try {
                        job = jobs.cancel(job.id());
                        update();
                    } catch (InvalidInputException ex) {
                        Notification.show(ex.getMessage(), 5000, Notification.Position.BOTTOM_END)
                                .addThemeVariants(NotificationVariant.LUMO_ERROR);
                    }
                });
        confirm.setCancelable(true);
        confirm.setCancelText("Keep running");
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    private static Span text(String value) {
        return new Span(value == null ? "" : value);
    }

    private static void property(Div container, String name, Component value) {
        container.add(PropertyRow.labelled(name, value));
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(new Crumb("Backup jobs", "jobs"), Crumb.here(job == null ? "Job" : JobsGrid.operation(job)));
    }
}
