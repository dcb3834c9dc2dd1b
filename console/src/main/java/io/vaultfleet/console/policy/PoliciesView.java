package io.vaultfleet.console.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;

import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultFilter;
import io.vaultfleet.console.vault.VaultService;
import io.vaultfleet.protocol.policy.BackupSchedule;
import io.vaultfleet.protocol.policy.NetworkThrottle;
import jakarta.annotation.security.PermitAll;

/** A vault's backup policies: what each backs up, when, how long it keeps points, and how many servers use it. */
@Route("policies")
@PageTitle("Backup policies")
@Menu(title = "Backup policies", order = 3.5, icon = "vaadin:calendar-clock")
@PermitAll
public class PoliciesView extends Div implements BeforeEnterObserver, HasBreadcrumbs {
    private final PolicyService policies;
    private static final String NEEDS_CONTRIBUTOR = "You need the Contributor role at this vault to change its policies.";
    private boolean manage;
    private final ComboBox<Vault> vault = new ComboBox<>("Vault");
    private final Grid<BackupPolicy> grid = new Grid<>();
    private final Button schedule = new Button("Schedule Backup");

    public PoliciesView(PolicyService policies, VaultService vaults) {
        this.policies = policies;
        addClassNames("view", "policies-view");
        add(new ViewHeader("Backup policies", "Named schedules with retention and throttling; a change reaches every "
                + "server that uses the policy."));
        vault.setId("policies-vault");
        vault.setItems(vaults.list(VaultFilter.ALL));
        vault.setItemLabelGenerator(Vault::label);
        vault.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                getUI().ifPresent(ui -> ui.navigate(PoliciesView.class, QueryParameters.of("vault", e.getValue().id().toString())));
            }
            refresh();
        });
        schedule.setId("policies-schedule-backup");
        schedule.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        schedule.addClickListener(e -> getUI().ifPresent(ui -> ui.navigate(ScheduleBackupView.class,
                QueryParameters.of("vault", vault.getValue().id().toString()))));
        HorizontalLayout toolbar = new HorizontalLayout(vault, schedule);
        toolbar.addClassName("view-toolbar");
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(toolbar);

        grid.setId("policies-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addColumn(BackupPolicy::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(p -> String.join(", ", p.settings().items().stream().map(Formats::itemLabel).toList()))
                .setHeader("Items").setAutoWidth(true);
        grid.addColumn(p -> schedule(p.settings())).setHeader("Schedule").setAutoWidth(true);
        grid.addColumn(p -> retention(p.settings().retention())).setHeader("Retention").setAutoWidth(true);
        grid.addColumn(p -> throttle(p.settings().throttle())).setHeader("Throttling").setAutoWidth(true);
        grid.addColumn(p -> policies.serverCount(p.id())).setHeader("Servers").setAutoWidth(true);
        grid.addColumn(BackupPolicy::revision).setHeader("Revision").setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true);
        grid.setEmptyStateText("No policies in this vault yet: Schedule Backup creates one.");
        grid.setAllRowsVisible(true);
        add(grid);
    }

    private HorizontalLayout actions(BackupPolicy policy) {
        Button edit = new Button("Edit", e -> getUI().ifPresent(ui -> ui.navigate(ScheduleBackupView.class,
                QueryParameters.of("policy", policy.id().toString()))));
        edit.addClassName("policy-edit");
        edit.getElement().setAttribute("data-policy", policy.name());
        Button delete = new Button("Delete", e -> confirmDelete(policy));
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        if (!manage) {
            edit.setEnabled(false);
            delete.setEnabled(false);
            edit.setTooltipText(NEEDS_CONTRIBUTOR);
            delete.setTooltipText(NEEDS_CONTRIBUTOR);
        }
        return new HorizontalLayout(edit, delete);
    }

    private void confirmDelete(BackupPolicy policy) {
        ConfirmDialog dialog = new ConfirmDialog("Delete policy " + policy.name() + "?",
                "Servers must use another policy first. Recovery points are not affected.", "Delete", e -> {
            try {
                policies.delete(policy.id());
                refresh();
            } catch (InvalidInputException ex) {
                Notification.show(ex.getMessage(), 8000, Notification.Position.BOTTOM_END)
                        .addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
        });
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }

    static String schedule(PolicyDraft d) {
        var s = d.schedule();
        return (s.frequency() == BackupSchedule.Frequency.DAILY ? "Daily"
                : "Weekly on " + String.join(", ", s.days().stream().map(PolicyDraft::label).toList()))
                + " at " + String.join(", ", s.times()) + " (" + s.timeZone() + ")";
    }

    static String retention(RetentionRules r) {
        List<String> parts = new ArrayList<>();
        if (r.dailyDays() > 0) {
            parts.add(r.dailyDays() + " days");
        }
        if (r.weeklyWeeks() > 0) {
            parts.add(r.weeklyWeeks() + " weeks");
        }
        if (r.monthlyMonths() > 0) {
            parts.add(r.monthlyMonths() + " months");
        }
        if (r.yearlyYears() > 0) {
            parts.add(r.yearlyYears() + " years");
        }
        return String.join(" · ", parts);
    }

    private void refresh() {
        // what the user may do is asked of the vault chosen: a contributor of one vault reads another's policies
        manage = vault.getValue() != null && policies.mayManage(vault.getValue().id());
        grid.setItems(vault.getValue() == null ? List.of() : policies.list(vault.getValue().id()));
        schedule.setEnabled(manage);
        schedule.setTooltipText(vault.getValue() == null || manage ? null : NEEDS_CONTRIBUTOR);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var ids = event.getLocation().getQueryParameters().getParameters().getOrDefault("vault", List.of());
        UUID wanted = null;
        try {
            wanted = ids.isEmpty() ? null : UUID.fromString(ids.getFirst());
        } catch (IllegalArgumentException ignored) {
            // no vault chosen
        }
        UUID id = wanted;
        vault.getListDataView().getItems().filter(v -> v.id().equals(id)).findFirst().ifPresentOrElse(vault::setValue,
                () -> vault.getListDataView().getItems().findFirst().ifPresent(vault::setValue));
        refresh();
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("Backup policies"));
    }

    /** Work-hours / other-hours bandwidth, or "None". */
    static String throttle(NetworkThrottle t) {
        return t == null ? "None" : t.workHoursKbps() + " / " + t.nonWorkHoursKbps() + " Kbps, "
                + t.maxConcurrentUploads() + " upload(s) at once";
    }
}
