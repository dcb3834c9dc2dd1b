package io.vaultfleet.console.recover;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dependency.Uses;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.treegrid.TreeGrid;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.jobs.BackupJob;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.recovery.RecoveryPoint;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.DateTimes;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import io.vaultfleet.protocol.ConflictPolicy;
import io.vaultfleet.protocol.RecoveryMode;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RecoveryOpened;
import io.vaultfleet.protocol.SealedPassphrase;

import jakarta.annotation.security.PermitAll;

import org.springframework.security.access.AccessDeniedException;

/**
 * The Recover Data wizard (MARS's, in the browser): {@code recover?server=<target>[&point=<recovery point id>]}.
 * Getting started → (another server) Passphrase → Recovery mode → Select the point → Select items → Recovery options
 * → Confirmation → the restore's job page. The passphrase step comes before browsing because the target agent needs
 * it to read another server's tree.
 */
@Route("recover")
@PageTitle("Recover Data")
@PermitAll
@Uses(TreeGrid.class)
@Uses(RadioButtonGroup.class)
@Uses(Select.class)
@Uses(ComboBox.class)
@Uses(Checkbox.class)
public class RecoverDataView extends Div implements BeforeEnterObserver, HasBreadcrumbs {
    private enum Step { START, PASSPHRASE, MODE, POINT, ITEMS, OPTIONS, CONFIRM }

    private final RecoverDataService recover;
    private final FleetService fleet;
    private final Div body = new Div();
    private final Div problem = new Div();
    private final Button back = new Button("Back", e -> back());
    private final Button next = new Button("Next", e -> next());
    private final Button cancel = new Button("Cancel", e -> getUI().ifPresent(ui -> ui.navigate("servers/" + this.target.id())));

    private RegisteredServer target;
    private String presetPoint;
    private Step step = Step.START;
    private RecoverySession session;
    // choices
    private final RadioButtonGroup<String> where = new RadioButtonGroup<>("Which server's backups?");
    /** Cross Region Restore: shown only on a geo-redundant vault, disabled with the reason until it can be used. */
    private final RadioButtonGroup<RecoveryCopy> region = new RadioButtonGroup<>("Restore from");
    private final ComboBox<RegisteredServer> source = new ComboBox<>("Server whose backups to recover");
    private final PassphraseField passphrase = new PassphraseField("Passphrase of the server whose backups these are");
    private final RadioButtonGroup<RecoveryMode> mode = new RadioButtonGroup<>("What do you want to recover?");
    private RecoveryPoint point;
    private ItemsTree items;
    private final TextField search = new TextField();
    private final RadioButtonGroup<String> location = new RadioButtonGroup<>("Recover to");
    private final TextField destination = new TextField("Another folder on the target");
    private final RadioButtonGroup<ConflictPolicy> conflict = new RadioButtonGroup<>("When an item already exists");
    private final Checkbox permissions = new Checkbox("Restore permissions (ACLs on Windows, mode/owner/xattrs on Linux)", true);
    private final TextField volume = new TextField("Volume to restore the System State to (not a critical volume)");
    private final Checkbox runNow = new Checkbox("Run the System State recovery now (wbadmin)");

    public RecoverDataView(RecoverDataService recover, FleetService fleet) {
        this.recover = recover;
        this.fleet = fleet;
        addClassNames("view", "recover-view");
        problem.setId("recover-problem");
        problem.addClassName("form-error");
        problem.getElement().setAttribute("role", "alert");
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        next.setId("recover-next");
        back.setId("recover-back");
        cancel.setId("recover-cancel");
        body.setId("recover-step");
        where.setItems("This server", "Another server");
        where.setId("recover-where");
        region.setItems(RecoveryCopy.values());
        region.setItemLabelGenerator(RecoveryCopy::label);
        region.setValue(RecoveryCopy.PRIMARY);
        region.setId("recover-region");
        source.setId("recover-source");
        source.setManualValidation(true);
        destination.setManualValidation(true);
        source.setItemLabelGenerator(RegisteredServer::name);
        passphrase.setId("recover-passphrase");
        mode.setId("recover-mode");
        mode.setItemLabelGenerator(m -> switch (m) {
            case FILES_AND_FOLDERS -> "Individual files and folders";
            case SYSTEM_STATE -> "System State";
            case SYSTEM_CONFIGURATION -> "System configuration";
        });
        location.setItems("Original location", "Another location");
        location.setValue("Original location");
        location.setId("recover-location");
        destination.setId("recover-destination");
        conflict.setItems(ConflictPolicy.values());
        conflict.setItemLabelGenerator(c -> switch (c) {
            case CREATE_COPIES -> "Create copies (both versions kept)";
            case OVERWRITE -> "Overwrite existing versions";
            case SKIP -> "Do not recover the items that exist";
        });
        conflict.setValue(ConflictPolicy.CREATE_COPIES);
        conflict.setId("recover-conflict");
        permissions.setId("recover-permissions");
        volume.setId("recover-volume");
        runNow.setId("recover-run-now");
        where.addValueChangeListener(e -> source.setVisible("Another server".equals(e.getValue())));
        location.addValueChangeListener(e -> destination.setVisible("Another location".equals(e.getValue())));
        search.setPlaceholder("Search by name");
        search.setId("recover-search");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var parameters = event.getLocation().getQueryParameters();
        presetPoint = parameters.getSingleParameter("point").orElse(null);
        try {
            UUID id = UUID.fromString(parameters.getSingleParameter("server").orElse(""));
            target = fleet.find(id).orElse(null);
        } catch (IllegalArgumentException | AccessDeniedException e) {
            target = null;
        }
        removeAll();
        if (target == null) {
            add(new ViewHeader("Recover Data", "Start Recover Data from a registered server's page."));
            return;
        }
        add(new ViewHeader("Recover Data", "Restore files, folders, System State or system configuration to "
                + target.name() + " from its backups or another server's of the same vault."));
        var why = recover.whyNot(target);
        if (why.isPresent()) {
            add(new Paragraph(why.get()));
            return;
        }
        Div buttons = new Div(back, next, cancel);
        buttons.addClassName("wizard-buttons");
        add(problem, body, buttons);
        show(Step.START);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (session != null) {
            try {
                recover.close(session.id());
            } catch (RuntimeException ignored) {
                // the session ends on its own after the idle time
            }
            session = null;
        }
    }

    private void show(Step to) {
        step = to;
        problem.setText("");
        body.removeAll();
        back.setEnabled(to != Step.START);
        next.setText(to == Step.CONFIRM ? "Recover" : "Next");
        body.getElement().setAttribute("data-step", to.name());
        switch (to) {
            case START -> {
                body.add(new H3("Getting started"));
                if (where.getValue() == null) {
                    where.setValue("This server");
                }
                source.setItems(recover.sources(target.id()).stream().filter(s -> !s.id().equals(target.id())).toList());
                source.setVisible("Another server".equals(where.getValue()));
                body.add(where, source);
                offerSecondary();
            }
            case PASSPHRASE -> body.add(new H3("Passphrase"), new Paragraph((session.anotherServer() ? ""
                    : "The secondary region's copy is opened like another server's backups: the agent's kept "
                    + "passphrase is only for its own storage. ") + "Type the passphrase of "
                    + session.sourceName() + ". It is encrypted in this browser to a key that only " + session.targetName()
                    + "'s agent holds; the console never sees it."), passphrase);
            case MODE -> {
                List<RecoveryMode> modes = new ArrayList<>(List.of(RecoveryMode.FILES_AND_FOLDERS));
                modes.add(session.windowsSource() ? RecoveryMode.SYSTEM_STATE : RecoveryMode.SYSTEM_CONFIGURATION);
                mode.setItems(modes);
                mode.setValue(RecoveryMode.FILES_AND_FOLDERS);
                body.add(new H3("Recovery mode"), mode);
            }
            case POINT -> {
                List<RecoveryPoint> points = recover.recoveryPoints(session.id());
                PointCalendar calendar = new PointCalendar(points, ZoneId.systemDefault(), p -> point = p);
                if (presetPoint != null) {
                    calendar.select(presetPoint);
                }
                body.add(new H3("Select the recovery point"), new Paragraph(points.isEmpty()
                        ? session.sourceName() + " has no recovery point yet." : "Dates in bold hold recovery points."), calendar);
            }
            case ITEMS -> {
                items = new ItemsTree((folder, cursor) -> recover.browse(session.id(), point.recoveryPointId(), folder,
                        cursor, ItemsTree.PAGE, folder.isEmpty() ? blankToNull(search.getValue()) : null), problem::setText);
                Button find = new Button("Search", e -> items.reload());
                find.setId("recover-search-button");
                Button download = new Button("Download", e -> download());
                download.setId("recover-download");
                body.add(new H3("Select items"), new Paragraph("Nothing selected recovers the whole point."),
                        new Div(search, find, download), items);
                items.reload();
            }
            case OPTIONS -> {
                body.add(new H3("Recovery options"));
                if (mode.getValue() == RecoveryMode.SYSTEM_STATE) {
                    body.add(volume, runNow, new Paragraph("Windows only: the agent restores the staged "
                            + "WindowsImageBackup to that volume, then runs (or shows) wbadmin start systemstaterecovery."));
                } else {
                    destination.setVisible("Another location".equals(location.getValue()));
                    body.add(location, destination, conflict, permissions);
                }
            }
            case CONFIRM -> body.add(new H3("Confirmation"), new Pre(summary()));
        }
    }

    private String summary() {
        List<String> chosen = items == null ? List.of() : items.chosenPaths();
        return "Target server: " + session.targetName() + "\nBackups of: " + session.sourceName()
                + "\nMode: " + mode.getItemLabelGenerator().apply(mode.getValue()) + "\nRecovery point: " + point.recoveryPointId() + " (" + DateTimes.dateTime(point.createdAt()) + ")"
                + "\nItems: " + (chosen.isEmpty() ? "everything in the point" : chosen.size() + " selected")
                + (mode.getValue() == RecoveryMode.SYSTEM_STATE ? "\nVolume: " + volume.getValue() + (runNow.getValue()
                ? "\nwbadmin start systemstaterecovery runs after the restore" : "\nThe job shows the wbadmin command to run")
                : "\nRecover to: " + ("Another location".equals(location.getValue()) ? destination.getValue()
                : "the original location") + "\nOn conflict: " + conflict.getItemLabelGenerator().apply(conflict.getValue())
                + "\nRestore permissions: " + (permissions.getValue() ? "yes" : "no"));
    }

    private void next() {
        try {
            switch (step) {
                case START -> begin();
                case PASSPHRASE -> sealAndOpen();
                case MODE -> show(Step.POINT);
                case POINT -> {
                    if (point == null) {
                        problem.setText("Choose a date in bold, then the time.");
                        return;
                    }
                    show(mode.getValue() == RecoveryMode.FILES_AND_FOLDERS ? Step.ITEMS : Step.OPTIONS);
                }
                case ITEMS -> show(Step.OPTIONS);
                case OPTIONS -> {
                    destination.setInvalid(false);
                    if ("Another location".equals(location.getValue()) && destination.getValue().isBlank()
                            && mode.getValue() != RecoveryMode.SYSTEM_STATE) {
                        // at the field it concerns
                        destination.setErrorMessage("Type the folder to recover to.");
                        destination.setInvalid(true);
                        return;
                    }
                    show(Step.CONFIRM);
                }
                case CONFIRM -> startRestore();
            }
        } catch (RecoveryException | InvalidInputException e) {
            problem.setText(e.getMessage());
        }
    }

    private void back() {
        switch (step) {
            case PASSPHRASE, START -> show(Step.START);
            case MODE -> show(session.needsPassphrase() ? Step.PASSPHRASE : Step.START);
            case POINT -> show(Step.MODE);
            case ITEMS -> show(Step.POINT);
            case OPTIONS -> show(mode.getValue() == RecoveryMode.FILES_AND_FOLDERS ? Step.ITEMS : Step.POINT);
            case CONFIRM -> show(Step.OPTIONS);
        }
    }

    /** The Primary / Secondary choice: hidden when the vault keeps no other copy, disabled with the reason if off. */
    private void offerSecondary() {
        Optional<String> why = recover.whyNoSecondary(target.vaultId());
        if (why.isPresent() && why.get().equals(RecoverDataService.NOT_GEO_REDUNDANT)) {
            region.setValue(RecoveryCopy.PRIMARY);
            return;
        }
        region.setEnabled(why.isEmpty());
        region.setHelperText(why.orElse("The secondary region's copy is read only; its passphrase is asked for "
                + "even for this server's own backups."));
        if (why.isPresent()) {
            region.setValue(RecoveryCopy.PRIMARY);
        }
        body.add(region);
    }

    private void begin() {
        boolean another = "Another server".equals(where.getValue());
        source.setInvalid(false);
        if (another && source.getValue() == null) {
            source.setErrorMessage("Choose the server whose backups to recover.");
            source.setInvalid(true);
            return;
        }
        if (session != null) {
            recover.close(session.id());
        }
        RecoveryCopy copy = region.getValue() == null ? RecoveryCopy.PRIMARY : region.getValue();
        session = recover.begin(target.id(), another ? source.getValue().id() : target.id(), copy);
        if (session.needsPassphrase()) {
            show(Step.PASSPHRASE);
        } else {
            opened(recover.open(session.id(), null));
        }
    }

    private void sealAndOpen() {
        next.setEnabled(false);
        passphrase.seal(session.publicKey(), session.id().toString(), sealed -> {
            next.setEnabled(true);
            if (sealed == null) {
                passphrase.setError("Type the passphrase.");
                return;
            }
            try {
                opened(recover.open(session.id(), sealed));
            } catch (RecoveryException | InvalidInputException e) {
                problem.setText(e.getMessage());
            }
        }, reason -> {
            next.setEnabled(true);
            passphrase.setError("This browser could not encrypt the passphrase: " + reason);
        });
    }

    private void opened(RecoveryOpened opened) {
        if (opened.result() == RecoveryOpenResult.OPENED) {
            passphrase.setError(null);
            show(Step.MODE);
        } else if (opened.result() == RecoveryOpenResult.WRONG_PASSPHRASE) {
            passphrase.setError(opened.detail().isBlank() ? "The passphrase does not open these backups." : opened.detail());
        } else {
            problem.setText(describe(opened));
        }
    }

    static String describe(RecoveryOpened opened) {
        String what = switch (opened.result()) {
            case OPENED -> "The backups are open.";
            case WRONG_PASSPHRASE -> "The passphrase does not open these backups.";
            case KEY_MISMATCH -> "The passphrase was encrypted to an expired or another session's key; start again.";
            case STORAGE_UNREACHABLE -> "The target server cannot reach the backups' storage.";
            case UNKNOWN_SESSION -> "The target server no longer knows this recovery (its agent restarted?); start again.";
            case FAILED -> "The target server could not open the backups.";
        };
        return opened.detail().isBlank() ? what : what + " " + opened.detail();
    }

    private void download() {
        List<String> chosen = items.chosenPaths();
        if (chosen.size() != 1) {
            problem.setText("Select exactly one file or folder to download (a folder comes as a zip).");
            return;
        }
        try {
            UUID transfer = recover.download(session.id(), point.recoveryPointId(), chosen.getFirst());
            getElement().executeJs("const a = document.createElement('a'); a.href = $0; a.download = '';"
                    + " document.body.appendChild(a); a.click(); a.remove();", "recover/downloads/" + transfer);
        } catch (RecoveryException e) {
            problem.setText(e.getMessage());
        }
    }

    private void startRestore() {
        RestoreChoice choice = new RestoreChoice(point.recoveryPointId(), mode.getValue(),
                items == null || mode.getValue() != RecoveryMode.FILES_AND_FOLDERS ? List.of() : items.chosenPaths(),
                mode.getValue() == RecoveryMode.SYSTEM_STATE || !"Another location".equals(location.getValue()) ? null
                        : destination.getValue(), conflict.getValue(), permissions.getValue(),
                mode.getValue() == RecoveryMode.SYSTEM_STATE ? volume.getValue() : null,
                mode.getValue() == RecoveryMode.SYSTEM_STATE && runNow.getValue());
        BackupJob job = recover.restore(session.id(), choice);
        session = null; // the job holds the session now; leaving the page must not close it
        getUI().ifPresent(ui -> ui.navigate("jobs/" + job.id()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return target == null ? List.of(Crumb.here("Recover Data"))
                : List.of(new Crumb("Registered servers", "servers"), new Crumb(target.name(), "servers/" + target.id()),
                Crumb.here("Recover Data"));
    }
}
