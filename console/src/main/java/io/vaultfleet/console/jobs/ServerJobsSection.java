package io.vaultfleet.console.jobs;

import java.time.Clock;
import java.util.List;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

import io.vaultfleet.console.fleet.BackupItems;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerDetailSection;
import io.vaultfleet.console.ui.DateTimes;

/** The server page's jobs: Back Up Now and the server's recent jobs, live. */
@org.springframework.stereotype.Component
class ServerJobsSection implements ServerDetailSection {
    private final JobService jobs;
    private final Clock clock;

    ServerJobsSection(JobService jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public int order() {
        return 7;
    }

    @Override
    public String title() {
        return "Backup jobs";
    }

    @Override
    public Component create(RegisteredServer server) {
        Div section = new Div();
        if (server.revokedAt() == null && server.vaultId() != null && jobs.mayBackUp(server.vaultId())) {
            Button now = new Button("Back Up Now", e -> openDialog(server));
            now.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            now.setId("back-up-now");
            section.add(now);
        }
        // as the Backup console shows it once a server's first backup has succeeded
        Span initial = new Span();
        initial.setId("initial-backup");
        initial.addClassName("initial-backup");
        Runnable showInitial = () -> initial.setText("Initial backup: " + jobs.initialBackup(server.id())
                .map(j -> "Job completed (" + DateTimes.dateTime(j.endedAt()) + ")").orElse("not completed yet"));
        section.add(new Div(initial));
        JobsGrid grid = new JobsGrid(jobs, server.id(), clock);
        jobs.updates().subscribe(grid, change -> {
            if (server.id().equals(change.serverId())) {
                showInitial.run();
            }
        }, showInitial);
        grid.setId("server-jobs");
        grid.setAllRowsVisible(true);
        section.add(grid);
        return section;
    }

    private void openDialog(RegisteredServer server) {
        new BackUpNowDialog("Back Up Now: " + server.name(), "Starts a backup of " + server.name() + " now.",
                BackupItems.of(server), clock,
                c -> jobs.backUpNow(List.of(server.id()), c.item(), c.paths(), c.retainUntil())).open();
    }
}
