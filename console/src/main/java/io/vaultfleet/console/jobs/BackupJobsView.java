package io.vaultfleet.console.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultFilter;
import io.vaultfleet.console.vault.VaultService;
import jakarta.annotation.security.PermitAll;

/**
 * Every backup, restore and clean-up job, newest first, with live progress; filtered by vault, server, operation, status and
 * time range in the database and loaded lazily. Links may preset the filters: {@code ?vault=<id>&status=FAILED&range=24h}.
 */
@Route("jobs")
@PageTitle("Backup jobs")
@Menu(title = "Backup jobs", order = 3, icon = "vaadin:tasks")
@PermitAll
public class BackupJobsView extends Div implements HasBreadcrumbs, BeforeEnterObserver {
    /** The time ranges the filter offers, as the portal's jobs blade does. */
    enum Range {
        DAY("Last 24 hours", Duration.ofHours(24)), WEEK("Last 7 days", Duration.ofDays(7)),
        MONTH("Last 30 days", Duration.ofDays(30)), ALL("All time", null);

        final String label;
        final Duration span;

        Range(String label, Duration span) {
            this.label = label;
            this.span = span;
        }
    }

    private static final Map<String, Range> RANGE_PARAMETERS = Map.of("24h", Range.DAY, "7d", Range.WEEK,
            "30d", Range.MONTH, "all", Range.ALL);

    private final Clock clock;
    private final ComboBox<Vault> vault = new ComboBox<>();
    private final TextField server = new TextField();
    private final MultiSelectComboBox<JobStatus> status = new MultiSelectComboBox<>();
    private final Select<Range> range = new Select<>();
    private final ComboBox<JobOperation> operation = new ComboBox<>();
    private final JobsGrid grid;

    public BackupJobsView(JobService jobs, VaultService vaults, Clock clock) {
        this.clock = clock;
        addClassNames("view", "jobs-view");
        add(new ViewHeader("Backup jobs", "Scheduled and on-demand backups, restores and clean-ups, with their progress."));

        vault.setPlaceholder("All vaults");
        vault.setItems(vaults.list(VaultFilter.ALL));
        vault.setItemLabelGenerator(Vault::label);
        vault.setClearButtonVisible(true);
        vault.setId("jobs-vault-filter");
        server.setPlaceholder("Server name");
        server.setPrefixComponent(VaadinIcon.SEARCH.create());
        server.setClearButtonVisible(true);
        server.setValueChangeMode(ValueChangeMode.LAZY);
        server.setId("jobs-server-filter");
        status.setPlaceholder("Any status");
        status.setItems(JobStatus.values());
        status.setItemLabelGenerator(JobStatus::label);
        status.setClearButtonVisible(true);
        status.setId("jobs-status-filter");
        operation.setPlaceholder("Any operation");
        operation.setItems(JobOperation.values());
        operation.setItemLabelGenerator(JobsGrid::operationLabel);
        operation.setClearButtonVisible(true);
        operation.setId("jobs-operation-filter");
        range.setItems(Range.values());
        range.setItemLabelGenerator(r -> r.label);
        range.setValue(Range.WEEK);
        range.setId("jobs-range-filter");
        HorizontalLayout filters = new HorizontalLayout(vault, server, operation, status, range);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.addClassName("grid-toolbar");
        add(filters);

        grid = new JobsGrid(jobs, this::query, true, clock);
        grid.setId("jobs-grid");
        grid.setSizeFull();
        add(grid);
        vault.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        server.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        status.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        range.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        operation.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
    }

    JobQuery query() {
        Set<JobStatus> statuses = status.getValue().isEmpty() ? Set.of() : EnumSet.copyOf(status.getValue());
        Range chosen = range.getValue() == null ? Range.ALL : range.getValue();
        Instant from = chosen.span == null ? null : clock.instant().minus(chosen.span);
        return new JobQuery(vault.getValue() == null ? null : vault.getValue().id(), null, server.getValue(), statuses,
                from, null, operation.getValue() == null ? Set.of() : Set.of(operation.getValue()));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var parameters = event.getLocation().getQueryParameters();
        parameters.getSingleParameter("vault").ifPresent(id -> {
            try {
                UUID wanted = UUID.fromString(id);
                vault.getListDataView().getItems().filter(v -> v.id().equals(wanted)).findFirst().ifPresent(vault::setValue);
            } catch (IllegalArgumentException ignored) {
                // a mangled link shows every vault
            }
        });
        parameters.getSingleParameter("server").ifPresent(server::setValue);
        List<String> statuses = parameters.getParameters().getOrDefault("status", List.of());
        Set<JobStatus> chosen = EnumSet.noneOf(JobStatus.class);
        for (String s : statuses) {
            for (JobStatus candidate : JobStatus.values()) {
                if (candidate.name().equalsIgnoreCase(s)) {
                    chosen.add(candidate);
                }
            }
        }
        if (!chosen.isEmpty()) {
            status.setValue(chosen);
        }
        parameters.getSingleParameter("operation").flatMap(o -> Arrays.stream(JobOperation.values())
                .filter(candidate -> candidate.name().equalsIgnoreCase(o)).findFirst()).ifPresent(operation::setValue);
        parameters.getSingleParameter("range").map(RANGE_PARAMETERS::get).ifPresent(range::setValue);
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("Backup jobs"));
    }
}
