package io.vaultfleet.console.monitoring;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;

import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.readmodel.DashboardFacts;
import io.vaultfleet.console.ui.Chart;
import io.vaultfleet.console.ui.CoalescedRefresh;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.DateTimes;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultFilter;
import io.vaultfleet.console.vault.VaultService;
import jakarta.annotation.security.PermitAll;

/**
 * The console's home: the state of the fleet (or of one vault, {@code /?vault=<id>}) at a glance, updated live by
 * server push as agents connect, jobs end and alerts change (at most once a second however busy the fleet is).
 * Each number opens the list behind it.
 */
@Route("")
@PageTitle("Dashboard")
@Menu(title = "Dashboard", order = 0, icon = "vaadin:dashboard")
@PermitAll
public class DashboardView extends Div implements HasBreadcrumbs, BeforeEnterObserver {
    private static final Duration REFRESH_AT_MOST_EVERY = Duration.ofSeconds(1);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d");

    private final DashboardService dashboards;
    private final ComboBox<Vault> vaultPicker = new ComboBox<>();
    private final Map<String, Span> values = new LinkedHashMap<>();
    private final Map<String, Anchor> tiles = new LinkedHashMap<>();
    private final Chart volume = new Chart();
    private final Chart successRate = new Chart();
    private final Chart ages = new Chart();
    private final Grid<DashboardFacts.VaultStorage> storage = new Grid<>();
    private UUID vaultId;
    /** Bursts of changes (a thousand agents reconnecting) refresh the dashboard once a second at most. */
    private final CoalescedRefresh refresher =
            new CoalescedRefresh(this, REFRESH_AT_MOST_EVERY, this::refresh);

    public DashboardView(DashboardService dashboards, FleetService fleet, JobService jobs, AlertService alerts,
                         VaultService vaults) {
        this.dashboards = dashboards;
        addClassNames("view", "dashboard-view");
        vaultPicker.setItems(vaults.list(VaultFilter.ALL));
        vaultPicker.setItemLabelGenerator(Vault::label);
        vaultPicker.setPlaceholder("All vaults");
        vaultPicker.setClearButtonVisible(true);
        vaultPicker.setId("dashboard-vault");
        vaultPicker.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                getUI().ifPresent(ui -> ui.navigate("", e.getValue() == null
                        ? QueryParameters.empty()
                        : QueryParameters.of("vault", e.getValue().id().toString())));
            }
        });
        add(new ViewHeader("Dashboard", "Backup health across all vaults and servers.").withActions(vaultPicker));

        add(section("Servers", tile("online", "Servers online", "success"), tile("offline", "Servers offline", "warning"),
                tile("total", "Registered servers", "neutral"),
                tile("no-recovery-point", "Without a recovery point", "error"),
                tile("below-minimum", "Agents below minimum", "error"),
                tile("behind-current", "Agents with an update", "neutral"),
                tile("credentials-expiring", "Credentials expiring", "warning")));
        add(section("Backups", tile("succeeded-24h", "Succeeded · 24 h", "success"),
                tile("failed-24h", "Failed · 24 h", "error"), tile("missed-24h", "Missed · 24 h", "warning"),
                tile("succeeded-7d", "Succeeded · 7 days", "success"), tile("failed-7d", "Failed · 7 days", "error"),
                tile("missed-7d", "Missed · 7 days", "warning")));
        add(section("Alerts", tile("alerts-critical", "Critical alerts", "error"),
                tile("alerts-warning", "Warning alerts", "warning"),
                tile("replication-lagging", "Vaults with replication lagging", "warning")));

        volume.setId("chart-volume");
        successRate.setId("chart-success-rate");
        ages.setId("chart-last-backup-age");
        Div charts = new Div(chartCard("Backup volume per day", volume), chartCard("Success rate per day", successRate),
                chartCard("Servers by last backup age", ages));
        charts.addClassName("chart-cards");
        add(charts);

        add(new H3("Storage per vault"));
        storage.setId("storage-per-vault");
        storage.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        storage.addColumn(DashboardFacts.VaultStorage::vaultLabel).setHeader("Vault").setFlexGrow(2);
        storage.addColumn(s -> Formats.bytes(s.storedBytes())).setHeader("Stored").setAutoWidth(true);
        storage.addColumn(s -> "+" + Formats.bytes(s.addedRecently())).setHeader("Growth · 7 days").setAutoWidth(true);
        storage.setAllRowsVisible(true);
        storage.setEmptyStateText("No vaults yet.");
        add(storage);

        fleet.statusUpdates().subscribe(this, change -> refresher.request());
        jobs.updates().subscribe(this, change -> {
            if (change.status().finished()) {
                refresher.request();
            }
        });
        // the tiles were read in beforeEnter, before the attach: one coalesced refresh catches up what changed since
        alerts.updates().subscribe(this, change -> refresher.request(), refresher::request);
    }

    private static Div section(String title, Component... content) {
        Div tiles = new Div(content);
        tiles.addClassName("tiles");
        Div section = new Div(new H3(title), tiles);
        section.addClassName("dashboard-section");
        return section;
    }

    private static Div chartCard(String title, Chart chart) {
        Span caption = new Span(title);
        caption.addClassName("chart-title");
        Div card = new Div(caption, chart);
        card.addClassName("chart-card");
        return card;
    }

    private Anchor tile(String key, String label, String tone) {
        Span value = new Span();
        value.addClassName("tile-value");
        value.setId("tile-" + key);
        Span caption = new Span(label);
        caption.addClassName("tile-label");
        Anchor tile = new Anchor("", value, caption);
        tile.addClassNames("tile", "tile-" + tone);
        values.put(key, value);
        tiles.put(key, tile);
        return tile;
    }

    private void set(String key, long value, String href) {
        values.get(key).setText(String.format("%,d", value));
        tiles.get(key).setHref(href);
    }

    private void refresh() {
        FleetDashboard d = dashboards.dashboard(vaultId, DateTimes.zone());
        String vault = vaultId == null ? "" : "vault=" + vaultId;
        String servers = "servers" + (vaultId == null ? "" : "?" + vault);
        String and = vaultId == null ? "" : "&" + vault;
        set("online", d.online(), "servers?status=ONLINE" + and);
        set("offline", d.offline(), "servers?status=OFFLINE" + and);
        set("total", d.online() + d.offline(), servers);
        set("no-recovery-point", d.withoutRecentPoint(), servers);
        values.get("no-recovery-point").getElement().setAttribute("title", "No recovery point in the last "
                + d.recoveryPointDays() + " days");
        set("below-minimum", d.belowMinimum(), "alerts?rule=AGENT_VERSION_UNSUPPORTED" + and);
        set("behind-current", d.behindCurrent(), servers);
        set("credentials-expiring", d.credentialsExpiring(), "vaults");
        // the jobs behind each count: the Backup jobs view takes the same filters from its address
        String succeeded = "jobs?status=COMPLETED&status=COMPLETED_WITH_WARNINGS";
        set("succeeded-24h", d.succeeded24h(), succeeded + "&range=24h" + and);
        set("failed-24h", d.failed24h(), "jobs?status=FAILED&range=24h" + and);
        set("missed-24h", d.missed24h(), "alerts?rule=BACKUP_MISSED&state=all" + and);
        set("succeeded-7d", d.succeeded7d(), succeeded + "&range=7d" + and);
        set("failed-7d", d.failed7d(), "jobs?status=FAILED&range=7d" + and);
        set("missed-7d", d.missed7d(), "alerts?rule=BACKUP_MISSED&state=all" + and);
        set("alerts-critical", d.openAlerts().getOrDefault(AlertSeverity.CRITICAL, 0L), "alerts" + (vaultId == null ? "" : "?" + vault));
        set("alerts-warning", d.openAlerts().getOrDefault(AlertSeverity.WARNING, 0L), "alerts" + (vaultId == null ? "" : "?" + vault));
        set("replication-lagging", dashboards.replicationLagging(vaultId), "alerts?rule=REPLICATION_LAGGING" + and);

        List<String> labels = d.days().stream().map(day -> DAY.format(day.day())).toList();
        // the unit follows the largest day, so a small day's backups do not round to an invisible 0.0 GiB
        VolumeUnit unit = VolumeUnit.fitting(d.days().stream().mapToLong(FleetDashboard.DayTotals::bytes).max().orElse(0));
        volume.setConfiguration(Chart.categories("bar", labels, List.of(Chart.dataset(unit.label() + " stored",
                d.days().stream().map(day -> unit.of(day.bytes())).toList(), "#0f6cbd")),
                Map.of("plugins", Map.of("legend", Map.of("display", false)),
                        "scales", Map.of("y", Map.of("title", Map.of("display", true, "text",
                                unit.label() + " stored"))))));
        List<Double> rates = new ArrayList<>();
        d.days().forEach(day -> rates.add(day.successRate()));
        successRate.setConfiguration(Chart.categories("line", labels, List.of(Map.of("label", "% succeeded", "data",
                rates, "borderColor", "#107c10", "backgroundColor", "#107c10", "spanGaps", true)),
                Map.of("plugins", Map.of("legend", Map.of("display", false)),
                        "scales", Map.of("y", Map.of("min", 0, "max", 100,
                                "title", Map.of("display", true, "text", "% of backups succeeded"))))));
        ages.setConfiguration(Chart.categories("bar", List.copyOf(d.lastBackupAges().keySet()), List.of(Chart.dataset(
                "servers", List.copyOf(d.lastBackupAges().values()), "#bc4b09")),
                Map.of("plugins", Map.of("legend", Map.of("display", false)),
                        "scales", Map.of("y", Map.of("title", Map.of("display", true, "text", "servers"))))));
        storage.setItems(d.storage());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        vaultId = null;
        event.getLocation().getQueryParameters().getParameters().getOrDefault("vault", List.of()).stream().findFirst()
                .ifPresent(v -> {
                    try {
                        vaultId = UUID.fromString(v);
                    } catch (IllegalArgumentException unknown) {
                        vaultId = null;
                    }
                });
        UUID chosen = vaultId;
        vaultPicker.setValue(chosen == null ? null : vaultPicker.getListDataView().getItems()
                .filter(v -> v.id().equals(chosen)).findFirst().orElse(null));
        refresher.now();
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("Dashboard"));
    }
}
