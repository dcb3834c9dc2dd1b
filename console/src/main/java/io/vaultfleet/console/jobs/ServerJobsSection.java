package io.vaultfleet.console.jobs;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.spring.security.AuthenticationContext;

import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerDetailSection;
import io.vaultfleet.console.identity.Role;

/** The server page's jobs: Back Up Now and the server's recent jobs, live. */
@org.springframework.stereotype.Component
class ServerJobsSection implements ServerDetailSection {
    private final JobService jobs;
    private final AuthenticationContext authentication;
    private final Clock clock;

    ServerJobsSection(JobService jobs, AuthenticationContext authentication, Clock clock) {
        this.jobs = jobs;
        this.authentication = authentication;
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
    public com.vaadin.flow.component.Component create(RegisteredServer server) {
        Div section = new Div();
        if (authentication.hasRole(Role.OPERATOR.name()) && server.revokedAt() == null && server.vaultId() != null) {
            Button now = new Button("Back Up Now", e -> openDialog(server));
            now.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            now.setId("back-up-now");
            section.add(now);
        }
        JobsGrid grid = new JobsGrid(jobs, server.id(), clock);
        grid.setId("server-jobs");
        grid.setAllRowsVisible(true);
        section.add(grid);
        return section;
    }

    private void openDialog(RegisteredServer server) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Back Up Now: " + server.name());
        RadioButtonGroup<String> item = new RadioButtonGroup<>("Item");
        item.setItems("FILES_AND_FOLDERS", "SYSTEM_STATE", "SYSTEM_CONFIGURATION");
        item.setItemLabelGenerator(io.vaultfleet.console.ui.Formats::itemLabel);
        item.setValue("FILES_AND_FOLDERS");
        item.setId("backup-now-item");
        TextArea paths = new TextArea("Files and folders (one path a line)");
        paths.setWidthFull();
        paths.setId("backup-now-paths");
        item.addValueChangeListener(e -> paths.setVisible("FILES_AND_FOLDERS".equals(e.getValue())));
        Button start = new Button("Back Up", e -> {
            List<String> chosen = Arrays.stream(paths.getValue().split("\\R")).map(String::trim).filter(s -> !s.isEmpty())
                    .toList();
            try {
                BackupJob job = jobs.backUpNow(server.id(), item.getValue(),
                        "FILES_AND_FOLDERS".equals(item.getValue()) ? chosen : List.of());
                dialog.close();
                Notification n = Notification.show(job.status() == JobStatus.FAILED ? job.detail()
                        : "Backup of " + server.name() + " started.", 5000, Notification.Position.BOTTOM_END);
                n.addThemeVariants(job.status() == JobStatus.FAILED ? NotificationVariant.LUMO_ERROR
                        : NotificationVariant.LUMO_SUCCESS);
            } catch (IllegalArgumentException ex) {
                paths.setInvalid(true);
                paths.setErrorMessage(ex.getMessage());
            }
        });
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.setId("backup-now-start");
        dialog.add(new Div(item, paths));
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), start);
        dialog.open();
    }
}
