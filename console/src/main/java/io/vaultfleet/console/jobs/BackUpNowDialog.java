package io.vaultfleet.console.jobs;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;

import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.console.ui.DateTimes;

/**
 * The Back Up Now wizard in one dialog, as in the MARS console: the item, and how long to keep this on-demand
 * recovery point ("Retain Backup Till"). Used for one server, a selection, or a whole vault.
 */
final class BackUpNowDialog extends Dialog {
    /** What the admin chose. */
    record Choice(String item, List<String> paths, LocalDate retainUntil) {
    }

    /**
     * @param offered the items that apply to the servers concerned ({@link io.vaultfleet.console.fleet.BackupItems}):
     *                only what can succeed is offered
     */
    BackUpNowDialog(String title, String scope, List<String> offered, Clock clock,
                    Function<Choice, List<BackupJob>> start) {
        this(title, scope, offered, null, clock, start);
    }

    /**
     * A vault-wide Back Up Now: only the items some server of the vault can back up, and per server what will run
     * for the item chosen (or why it is left out); Files and folders may be left empty for each server's policy
     * folders.
     */
    BackUpNowDialog(String title, String scope, VaultBackupPlan plan, Clock clock,
                    Function<Choice, List<BackupJob>> start) {
        this(title, scope, plan.offered(), plan, clock, start);
    }

    private BackUpNowDialog(String title, String scope, List<String> offered, VaultBackupPlan plan, Clock clock,
                            Function<Choice, List<BackupJob>> start) {
        setHeaderTitle(title);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        RadioButtonGroup<String> item = new RadioButtonGroup<>("Item");
        item.setItems(offered);
        item.setItemLabelGenerator(Formats::itemLabel);
        item.setValue(offered.contains("FILES_AND_FOLDERS") || offered.isEmpty() ? "FILES_AND_FOLDERS" : offered.getFirst());
        if (plan == null && offered.contains("SYSTEM_STATE") && offered.contains("SYSTEM_CONFIGURATION")) {
            item.setHelperText("System State backs up Windows servers, System configuration Linux servers.");
        }
        item.setId("backup-now-item");
        TextArea paths = new TextArea("Files and folders (one path a line)");
        paths.setWidthFull();
        paths.setId("backup-now-paths");
        paths.setVisible("FILES_AND_FOLDERS".equals(item.getValue()));
        if (plan != null) {
            paths.setHelperText("Leave empty to back up the folders each server's policy protects.");
        }
        item.addValueChangeListener(e -> paths.setVisible("FILES_AND_FOLDERS".equals(e.getValue())));
        // per server, what runs for the item chosen, as the single-server dialog names its one server
        UnorderedList perServer = new UnorderedList();
        perServer.setId("backup-now-servers");
        perServer.addClassName("backup-now-servers");
        Runnable describe = () -> {
            perServer.removeAll();
            if (plan != null) {
                List<String> typed = typedPaths(paths.getValue());
                plan.servers().forEach(s -> perServer.add(new ListItem(s.describe(item.getValue(), typed))));
            }
        };
        perServer.setVisible(plan != null);
        item.addValueChangeListener(e -> describe.run());
        paths.addValueChangeListener(e -> describe.run());
        describe.run();
        DatePicker retain = DateTimes.isoDates(new DatePicker("Retain backup till"));
        retain.setMin(today.plusDays(1));
        retain.setMax(today.plusYears(JobService.MAX_RETAIN_YEARS));
        retain.setValue(today.plusDays(JobService.DEFAULT_RETAIN_DAYS));
        retain.setHelperText("The on-demand recovery point is kept until this day (default " + JobService.DEFAULT_RETAIN_DAYS
                + " days).");
        retain.setId("backup-now-retain");

        Button go = new Button("Back Up", e -> {
            List<String> chosen = typedPaths(paths.getValue());
            paths.setInvalid(false);
            retain.setInvalid(false);
            String pathProblem = !"FILES_AND_FOLDERS".equals(item.getValue()) ? null
                    : plan != null && chosen.isEmpty() ? null : pathProblem(chosen);
            if (pathProblem != null) {
                paths.setErrorMessage(pathProblem);
                paths.setInvalid(true);
                return;
            }
            try {
                List<BackupJob> jobs = start.apply(new Choice(item.getValue(),
                        "FILES_AND_FOLDERS".equals(item.getValue()) ? chosen : List.of(), retain.getValue()));
                close();
                announce(jobs);
            } catch (InvalidInputException ex) {
                if (ex.problem("retainUntil") != null) {
                    retain.setErrorMessage(ex.problem("retainUntil"));
                    retain.setInvalid(true);
                } else if (ex.problem("item") != null) {
                    item.setErrorMessage(ex.problem("item"));
                    item.setInvalid(true);
                } else {
                    Notification.show(ex.getMessage(), 6000, Notification.Position.BOTTOM_END)
                            .addThemeVariants(NotificationVariant.LUMO_ERROR);
                }
            } catch (IllegalArgumentException ex) {
                // the protocol's own wording names fields ("paths[]"); say it the way the form does
                paths.setErrorMessage(ex.getMessage().replace("paths[]", "A path"));
                paths.setInvalid(true);
            }
        });
        go.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        go.setId("backup-now-start");
        add(new Div(new Paragraph(scope), item, paths, perServer, retain));
        getFooter().add(new Button("Cancel", e -> close()), go);
    }

    /** The paths typed, one a line, blank lines left out. */
    static List<String> typedPaths(String text) {
        return Arrays.stream(text.split("\\R")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** What is wrong with the typed paths, in the form's words, or null. */
    static String pathProblem(List<String> chosen) {
        if (chosen.isEmpty()) {
            return "Enter at least one file or folder to back up, one a line.";
        }
        return chosen.stream().filter(p -> p.startsWith("-")).findFirst()
                .map(p -> "'" + p + "' is not a file or folder: a path cannot start with '-'.").orElse(null);
    }

    private static void announce(List<BackupJob> jobs) {
        long failed = jobs.stream().filter(j -> j.status() == JobStatus.FAILED).count();
        String text;
        if (jobs.size() == 1) {
            BackupJob job = jobs.getFirst();
            text = job.status() == JobStatus.FAILED ? job.detail() : "Backup of " + job.serverName() + " started.";
        } else {
            text = (jobs.size() - failed) + " of " + jobs.size() + " backups started"
                    + (failed == 0 ? "." : "; " + failed + " could not start (see Backup jobs for why).");
        }
        Notification n = Notification.show(text, 6000, Notification.Position.BOTTOM_END);
        n.addThemeVariants(failed == 0 ? NotificationVariant.LUMO_SUCCESS
                : failed == jobs.size() ? NotificationVariant.LUMO_ERROR : NotificationVariant.LUMO_WARNING);
    }
}
