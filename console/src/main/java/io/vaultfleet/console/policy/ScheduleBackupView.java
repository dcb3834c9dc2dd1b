package io.vaultfleet.console.policy;

import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;

import io.vaultfleet.console.fleet.BackupItems;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerQuery;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultService;
import io.vaultfleet.protocol.policy.BackupSchedule;
import io.vaultfleet.protocol.policy.NetworkThrottle;
import jakarta.annotation.security.PermitAll;

import org.springframework.security.access.AccessDeniedException;

/**
 * The MARS Schedule Backup wizard: Getting started → Select items → Backup schedule → Retention → Throttling →
 * Confirmation → Finish. {@code ?vault=ID&servers=ID,ID} schedules servers of a vault (one from the server page, or
 * several); {@code ?policy=ID} edits a policy, and the change reaches every server using it.
 */
@Route("schedule-backup")
@PageTitle("Schedule Backup")
@PermitAll
public class ScheduleBackupView extends Div implements BeforeEnterObserver, HasBreadcrumbs {
    private static final List<String> STEPS = List.of("Getting started", "Select items", "Backup schedule",
            "Retention", "Throttling", "Confirmation");

    private final PolicyService policies;
    private final VaultService vaults;
    private final FleetService fleet;
    private final PolicyForm form;
    private final RadioButtonGroup<String> mode = new RadioButtonGroup<>("Policy");
    private final ComboBox<BackupPolicy> existing = new ComboBox<>("Existing policy");
    private final MultiSelectComboBox<RegisteredServer> servers = new MultiSelectComboBox<>("Servers");
    private final Div stepTitles = new Div();
    private final Div body = new Div();
    private final Div confirmation = new Div();
    private final Button back = new Button("Previous");
    private final Button next = new Button("Next");
    private final Button finish = new Button("Finish");
    private final List<Div> steps = new ArrayList<>();
    private Vault vault;
    private BackupPolicy editing;
    private int step;

    public ScheduleBackupView(PolicyService policies, VaultService vaults, FleetService fleet) {
        this.policies = policies;
        this.vaults = vaults;
        this.fleet = fleet;
        this.form = new PolicyForm(policies);
        addClassNames("view", "schedule-backup-view");
        mode.setId("policy-mode");
        mode.setItems("NEW", "EXISTING");
        mode.setItemLabelGenerator(m -> m.equals("NEW") ? "Create a new policy" : "Use an existing policy of this vault");
        mode.setValue("NEW");
        existing.setId("policy-existing");
        existing.setItemLabelGenerator(BackupPolicy::name);
        existing.setVisible(false);
        mode.addValueChangeListener(e -> {
            existing.setVisible(e.getValue().equals("EXISTING"));
            form.name.setVisible(e.getValue().equals("NEW"));
        });
        servers.setId("policy-servers");
        servers.setItemLabelGenerator(RegisteredServer::name);
        servers.setWidthFull();
        servers.addValueChangeListener(e -> offerItemsFor(e.getValue()));
        stepTitles.addClassName("wizard-steps");
        stepTitles.setId("wizard-steps");
        back.setId("wizard-back");
        next.setId("wizard-next");
        finish.setId("wizard-finish");
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        finish.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        back.addClickListener(e -> go(step - 1));
        next.addClickListener(e -> {
            if (checkStep()) {
                go(mode.getValue().equals("EXISTING") && step == 0 ? STEPS.size() - 1 : step + 1);
            }
        });
        finish.addClickListener(e -> finish());
        confirmation.setId("wizard-confirmation");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var params = event.getLocation().getQueryParameters().getParameters();
        try {
            if (params.containsKey("policy")) {
                editing = policies.get(UUID.fromString(params.get("policy").getFirst()));
                vault = vaults.get(editing.vaultId());
                form.load(editing);
            } else {
                vault = vaults.get(UUID.fromString(params.getOrDefault("vault", List.of("")).getFirst()));
            }
        } catch (IllegalArgumentException | InvalidInputException
                 | AccessDeniedException e) {
            // opened without its context (or of a vault out of reach): say what to do, in the console's layout
            removeAll();
            vault = null;
            add(new ViewHeader("Schedule Backup", null));
            Paragraph what = new Paragraph(e instanceof AccessDeniedException
                    || e instanceof InvalidInputException ? e.getMessage()
                    : "Schedule Backup needs to know which servers to schedule. Open a server under Registered "
                    + "servers and choose Schedule Backup, or edit a policy under Backup policies.");
            Div missing = new Div(what, new Div(new Anchor("servers", "Registered servers"),
                    new Anchor("policies", "Backup policies")));
            missing.setId("schedule-backup-missing-context");
            missing.addClassName("empty-state");
            add(missing);
            return;
        }
        List<RegisteredServer> candidates = fleet.list(ServerQuery.inVault(vault.id()), 0, 10_000).stream()
                .filter(s -> s.revokedAt() == null).toList();
        servers.setItems(candidates);
        Set<String> wanted = new LinkedHashSet<>(List.of(String.join(",", params.getOrDefault("servers", List.of("")))
                .split(",")));
        servers.setValue(candidates.stream().filter(s -> wanted.contains(s.id().toString())).toList());
        existing.setItems(policies.list(vault.id()));
        render();
    }

    /**
     * Offers only the items every chosen server can back up (no System State for a Linux server), keeping what was
     * ticked where it still applies. A policy being edited keeps its items: its servers are not chosen here.
     */
    private void offerItemsFor(Set<RegisteredServer> chosen) {
        if (editing != null) {
            return;
        }
        List<String> offered = BackupItems.common(chosen);
        Set<String> kept = new LinkedHashSet<>(form.items.getValue());
        kept.retainAll(offered);
        form.items.setItems(offered);
        form.items.setValue(kept.isEmpty() ? Set.of(BackupItems.preselected(offered)) : kept);
    }

    private void render() {
        removeAll();
        add(new ViewHeader(editing == null ? "Schedule Backup" : "Edit policy " + editing.name(),
                "Vault " + vault.name() + (editing == null ? ": choose what, when and how long to keep."
                        : ": the change is sent to every server using this policy.")));
        steps.clear();
        Div start = new Div(new Paragraph("A backup policy says what to back up, when, how long recovery points are "
                + "kept and how much bandwidth backups use. Policies are named and reusable: servers using one get "
                + "every change. The console is the authority: a server running anything else is brought back."));
        if (editing == null) {
            start.add(mode, form.name, existing, servers);
        } else {
            start.add(form.name);
        }
        steps.addAll(List.of(start, form.itemsStep(), form.scheduleStep(), form.retentionStep(), form.throttleStep(),
                confirmation));
        add(stepTitles, body, new HorizontalLayout(back, next, finish));
        go(0);
    }

    private void go(int target) {
        step = Math.max(0, Math.min(STEPS.size() - 1, target));
        if (step == STEPS.size() - 1) {
            fillConfirmation();
        }
        stepTitles.removeAll();
        for (int i = 0; i < STEPS.size(); i++) {
            if (i > 0) {
                Span separator = new Span("›");
                separator.addClassName("wizard-step-separator");
                separator.getElement().setAttribute("aria-hidden", "true");
                stepTitles.add(separator);
            }
            // each step its own pill; the current one marked (also for screen readers), those done ticked
            Span title = new Span((i + 1) + ". " + STEPS.get(i));
            title.addClassName("wizard-step");
            if (i == step) {
                title.addClassName("wizard-step-current");
                title.getElement().setAttribute("aria-current", "step");
            } else if (i < step) {
                title.addClassName("wizard-step-done");
            }
            stepTitles.add(title);
        }
        body.removeAll();
        body.add(new H3(STEPS.get(step)), steps.get(step));
        back.setEnabled(step > 0);
        next.setVisible(step < STEPS.size() - 1);
        finish.setVisible(step == STEPS.size() - 1);
    }

    /** Checks what this step entered, so a mistake is shown where it was made. */
    private boolean checkStep() {
        try {
            switch (step) {
                case 0 -> {
                    if (editing == null && servers.getValue().isEmpty()) {
                        servers.setErrorMessage("Select at least one server.");
                        servers.setInvalid(true);
                        return false;
                    }
                    servers.setInvalid(false);
                    if (mode.getValue().equals("EXISTING") && existing.getValue() == null) {
                        existing.setErrorMessage("Choose a policy.");
                        existing.setInvalid(true);
                        return false;
                    }
                    if (mode.getValue().equals("NEW") && form.name.getValue().isBlank()) {
                        form.name.setErrorMessage("Give the policy a name.");
                        form.name.setInvalid(true);
                        return false;
                    }
                    form.name.setInvalid(false);
                }
                case 1 -> new PolicyDraft(form.name.getValue(), new ArrayList<>(form.items.getValue()),
                        form.include.getValue().lines().toList(), List.of(), BackupSchedule
                        .daily("UTC", "00:00"), RetentionRules.daily(7), null).validate();
                case 2 -> form.schedule();
                case 3 -> form.draft().validate();
                case 4 -> form.networkThrottle();
                default -> {
                }
            }
            return true;
        } catch (InvalidInputException e) {
            form.show(e);
            return false;
        }
    }

    private void fillConfirmation() {
        confirmation.removeAll();
        UnorderedList list = new UnorderedList();
        try {
            boolean reuse = mode.getValue().equals("EXISTING") && editing == null;
            PolicyDraft draft = reuse ? existing.getValue().settings() : form.draft();
            list.add(new ListItem("Policy: " + draft.name() + (reuse ? " (existing)" : editing == null ? " (new)"
                    : " (revision " + (editing.revision() + 1) + ")")));
            list.add(new ListItem("Items: " + String.join(", ", draft.items().stream()
                    .map(Formats::itemLabel).toList())
                    + (draft.include().isEmpty() ? "" : " (" + String.join(", ", draft.include()) + ")")
                    + (draft.exclude().isEmpty() ? "" : ", excluding " + String.join(", ", draft.exclude()))));
            list.add(new ListItem("Schedule: " + PoliciesView.schedule(draft)));
            list.add(new ListItem("Retention: " + PoliciesView.retention(draft.retention())));
            list.add(new ListItem("Throttling: " + (draft.throttle() == null ? "none"
                    : draft.throttle().workHoursKbps() + " Kbps in work hours ("
                    + workHours(draft.throttle()) + "), " + draft.throttle().nonWorkHoursKbps()
                    + " Kbps otherwise, " + draft.throttle().maxConcurrentUploads() + " concurrent uploads")));
        } catch (InvalidInputException e) {
            list.add(new ListItem("Not ready: " + e.getMessage()));
        }
        if (editing == null) {
            list.add(new ListItem("Servers: " + String.join(", ", servers.getValue().stream().map(RegisteredServer::name)
                    .sorted().toList())));
        }
        confirmation.add(new Paragraph("Finish saves the policy and sends it to the servers' agents; they run the "
                + "schedule themselves, also while the console is unreachable."), list);
    }

    /** "Mon–Fri 08:00–18:00" or "Mon, Wed 09:00–17:00": the work days and hours the confirmation must show. */
    static String workHours(NetworkThrottle throttle) {
        List<DayOfWeek> days = throttle.workDays().stream().sorted().toList();
        boolean run = days.size() > 2 && days.getLast().getValue() - days.getFirst().getValue() == days.size() - 1;
        Function<DayOfWeek, String> name = d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        String dayText = days.isEmpty() ? "no days" : run ? name.apply(days.getFirst()) + "–" + name.apply(days.getLast())
                : String.join(", ", days.stream().map(name).toList());
        return dayText + " " + throttle.workStart() + "–" + throttle.workEnd();
    }

    private void finish() {
        try {
            BackupPolicy policy;
            if (editing != null) {
                policy = policies.update(editing.id(), editing.revision(), form.draft());
            } else if (mode.getValue().equals("EXISTING")) {
                policy = existing.getValue();
            } else {
                policy = policies.create(vault.id(), form.draft());
            }
            if (editing == null) {
                policies.assign(policy.id(), servers.getValue().stream().map(RegisteredServer::id).toList());
            }
            Notification n = Notification.show("Policy " + policy.name() + " saved and sent to "
                    + (editing == null ? servers.getValue().size() : policies.serverCount(policy.id())) + " server(s).",
                    5000, Notification.Position.BOTTOM_END);
            n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            getUI().ifPresent(ui -> ui.navigate(PoliciesView.class,
                    QueryParameters.of("vault", vault.id().toString())));
        } catch (InvalidInputException e) {
            form.show(e);
            Notification.show(e.getMessage(), 8000, Notification.Position.BOTTOM_END)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(new Crumb("Backup policies", "policies" + (vault == null ? "" : "?vault=" + vault.id())),
                Crumb.here(editing == null ? "Schedule Backup" : editing.name()));
    }
}
