package io.vaultfleet.console.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.QuerySortOrder;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.vaultfleet.console.ui.Badges;
import io.vaultfleet.console.ui.CoalescedRefresh;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import jakarta.annotation.security.PermitAll;
import io.vaultfleet.console.ui.ColumnChooser;
import io.vaultfleet.console.ui.DateTimes;

/**
 * Registered servers across all vaults, loaded lazily page by page from the database (10,000 servers open as fast
 * as 10), filtered and sorted there, and kept current by server push as agents come and go.
 */
@Route("servers")
@PageTitle("Registered servers")
@Menu(title = "Registered servers", order = 2, icon = "vaadin:server")
@PermitAll
public class RegisteredServersView extends Div implements HasBreadcrumbs, BeforeEnterObserver {
    private static final Duration REFRESH_AT_MOST_EVERY = Duration.ofMillis(500);

    private final FleetService fleet;
    private final Grid<RegisteredServer> grid = new Grid<>();
    private final TextField nameFilter = new TextField();
    private final ComboBox<ServerStatus> statusFilter = new ComboBox<>();
    private final Span summary = new Span();
    private final Span vaultChip = new Span();
    private UUID vaultId;
    /** Bursts of status changes (a thousand agents reconnecting) refresh the list every 500 ms at most. */
    private final CoalescedRefresh refresher =
            new CoalescedRefresh(this, REFRESH_AT_MOST_EVERY, this::refresh);

    private final AgentVersionPolicy versions;

    private final List<Button> selectionButtons = new ArrayList<>();
    private final List<ServerSelectionAction> selectionActions;
    private final ServerSchedules schedules;
    private final Map<UUID, ServerSchedules.Summary> scheduleOfRow = new HashMap<>();

    public RegisteredServersView(FleetService fleet, AgentVersionPolicy versions, ServerSchedules schedules,
                                 List<ServerSelectionAction> actions) {
        this.fleet = fleet;
        this.versions = versions;
        this.schedules = schedules;
        this.selectionActions = actions.stream().filter(ServerSelectionAction::allowed)
                .sorted(Comparator.comparingInt(ServerSelectionAction::order)).toList();
        addClassNames("view", "servers-view");
        add(new ViewHeader("Registered servers",
                "Servers whose agent has connected to this console, and whether they are online right now."));

        nameFilter.setPlaceholder("Filter by name");
        nameFilter.setPrefixComponent(VaadinIcon.SEARCH.create());
        nameFilter.setClearButtonVisible(true);
        nameFilter.setValueChangeMode(ValueChangeMode.LAZY);
        nameFilter.setId("server-name-filter");
        nameFilter.addValueChangeListener(e -> refresh());
        statusFilter.setPlaceholder("Any status");
        statusFilter.setItems(ServerStatus.values());
        statusFilter.setItemLabelGenerator(ServerStatus::label);
        statusFilter.setClearButtonVisible(true);
        statusFilter.setId("server-status-filter");
        statusFilter.addValueChangeListener(e -> refresh());
        summary.addClassName("grid-summary");
        summary.setId("server-summary");
        vaultChip.setId("server-vault-filter");
        vaultChip.setVisible(false);
        HorizontalLayout toolbar = new HorizontalLayout(nameFilter, statusFilter, vaultChip, summary);
        for (ServerSelectionAction action : selectionActions) {
            Button button = new Button(action.label(),
                    e -> action.open(List.copyOf(grid.getSelectedItems()), grid.getSelectedItems().isEmpty() ? vaultId : null,
                            vaultId == null ? null : fleet.vaultName(vaultId).orElse(null)));
            button.setId(action.id());
            button.getElement().setAttribute("data-label", action.label());
            selectionButtons.add(button);
            toolbar.add(button);
        }
        toolbar.addClassName("view-toolbar");
        toolbar.setAlignItems(FlexComponent.Alignment.CENTER);
        add(toolbar);

        grid.setId("servers-grid");
        if (!selectionActions.isEmpty()) {
            grid.setSelectionMode(Grid.SelectionMode.MULTI);
            grid.addSelectionListener(e -> updateSelectionButtons());
        }
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addColumn(RegisteredServer::name).setHeader("Name").setKey("NAME").setSortable(true)
                .setFlexGrow(2).setAutoWidth(true);
        grid.addComponentColumn(this::statusBadge).setHeader("Status").setKey("STATUS").setSortable(true)
                .setAutoWidth(true);
        grid.addColumn(s -> s.statusSince() == null ? "" : DateTimes.dateTime(s.statusSince())).setHeader("Since")
                .setKey("SINCE").setAutoWidth(true);
        grid.addColumn(RegisteredServer::vaultLabel).setHeader("Vault").setKey("VAULT").setAutoWidth(true);
        grid.addColumn(s -> s.lastBackupLabel(DateTimes.formatter())).setHeader("Last backup").setKey("LAST_BACKUP")
                .setAutoWidth(true);
        grid.addComponentColumn(this::nextBackupCell).setHeader("Next scheduled backup").setKey("NEXT_BACKUP")
                .setAutoWidth(true);
        grid.addComponentColumn(this::alertsBadge).setHeader("Alerts").setKey("ALERTS").setAutoWidth(true);
        grid.addColumn(RegisteredServer::os).setHeader("Operating system").setKey("OS").setSortable(true)
                .setFlexGrow(2);
        grid.addComponentColumn(this::versionCell).setHeader("Agent version").setKey("AGENT_VERSION")
                .setSortable(true).setAutoWidth(true);
        grid.addColumn(s -> s.lastSeenAt() == null ? "never" : DateTimes.dateTime(s.lastSeenAt())).setHeader("Last seen")
                .setKey("LAST_SEEN").setSortable(true).setAutoWidth(true).setTextAlign(ColumnTextAlign.END);
        // the portal's Choose columns: the list fits 1366 px with the less used columns hidden until asked for
        ColumnChooser columns = new ColumnChooser(grid, "registered-servers", List.of("SINCE", "VAULT", "LAST_BACKUP",
                "NEXT_BACKUP", "ALERTS", "OS", "AGENT_VERSION", "LAST_SEEN"), Set.of("SINCE", "OS", "LAST_SEEN"));
        columns.setId("servers-choose-columns");
        toolbar.add(columns);
        grid.setEmptyStateText("No servers yet. Install the agent on a server and register it with a vault.");
        grid.setItems(query -> withSchedules(fleet.list(currentQuery(query.getSortOrders()), query.getOffset(),
                query.getLimit())).stream(), query -> (int) Math.min(Integer.MAX_VALUE, fleet.count(currentQuery(query.getSortOrders()))));
        grid.sort(List.of(new GridSortOrder<>(grid.getColumnByKey("NAME"), SortDirection.ASCENDING)));
        grid.setSizeFull();
        grid.addItemClickListener(click -> getUI().ifPresent(ui -> ui.navigate(ServerDetailView.class,
                new RouteParameters("id", click.getItem().id().toString()))));
        add(grid);
        updateSummary();

        fleet.statusUpdates().subscribe(this, change -> refresher.request());
        fleet.listUpdates().subscribe(this, change -> refresher.request());
        this.schedules.changes().subscribe(this, serverId -> refresher.request(),
                this::updateSummary); // the grid reads its rows after the attach; only the summary was read before
    }

    /** Reads the schedules of a page of servers in one call, for the Next scheduled backup column. */
    private List<RegisteredServer> withSchedules(List<RegisteredServer> page) {
        scheduleOfRow.putAll(schedules.forServers(page.stream().map(RegisteredServer::id).toList()));
        return page;
    }

    private Component nextBackupCell(RegisteredServer server) {
        ServerSchedules.Summary summary = scheduleOfRow.get(server.id());
        Span cell = new Span(summary == null || summary.nextBackupAt() == null ? "Not scheduled"
                : DateTimes.dateTimeMinutes(summary.nextBackupAt()));
        cell.addClassName("next-backup");
        cell.getElement().setAttribute("data-server", server.name());
        if (summary != null && summary.drifted()) {
            Span flag = Badges.of("Policy drifted", Badges.Tone.ERROR);
            flag.addClassName("policy-drift-flag");
            flag.getElement().setAttribute("title", "The agent reported running another policy than the console's; "
                    + "the console's policy is being sent again.");
            HorizontalLayout both = new HorizontalLayout(cell, flag);
            both.setPadding(false);
            return both;
        }
        return cell;
    }

    private Span statusBadge(RegisteredServer server) {
        Span badge = Badges.of(server.status().label(),
                server.status() == ServerStatus.ONLINE ? Badges.Tone.SUCCESS : Badges.Tone.NEUTRAL);
        badge.addClassName("server-status");
        badge.getElement().setAttribute("data-server", server.name());
        return badge;
    }

    private Span alertsBadge(RegisteredServer server) {
        Badges.Tone tone = server.openAlerts() == 0 ? Badges.Tone.NEUTRAL
                : "CRITICAL".equals(server.alertSeverity()) ? Badges.Tone.ERROR : Badges.Tone.WARNING;
        Span badge = Badges.of(server.alertsLabel(), tone);
        badge.addClassName("server-alerts");
        badge.getElement().setAttribute("data-server", server.name());
        return badge;
    }

    private Component versionCell(RegisteredServer server) {
        Span version = new Span(server.agentVersion() == null ? "" : server.agentVersion());
        AgentVersionPolicy.Standing standing = versions.standingOf(server.agentVersion());
        if (standing == AgentVersionPolicy.Standing.CURRENT) {
            return version;
        }
        Span flag = Badges.of(standing.label(), standing == AgentVersionPolicy.Standing.UPDATE_AVAILABLE
                ? Badges.Tone.INFO : Badges.Tone.ERROR);
        flag.addClassName("agent-version-flag");
        flag.getElement().setAttribute("title", "Minimum supported: " + versions.minimum() + ", current: "
                + versions.current());
        HorizontalLayout cell = new HorizontalLayout(version, flag);
        cell.setSpacing(true);
        cell.setPadding(false);
        return cell;
    }

    private ServerQuery currentQuery(List<QuerySortOrder> sortOrders) {
        ServerQuery.Sort sort = ServerQuery.Sort.NAME;
        boolean descending = false;
        if (sortOrders != null && !sortOrders.isEmpty()) {
            QuerySortOrder first = sortOrders.get(0);
            sort = ServerQuery.Sort.valueOf(first.getSorted());
            descending = first.getDirection() == SortDirection.DESCENDING;
        }
        return new ServerQuery(nameFilter.getValue(), statusFilter.getValue(), sort, descending, vaultId);
    }

    /** Actions cover the ticked servers, or a whole vault when the view shows one and nothing is ticked. */
    private void updateSelectionButtons() {
        int ticked = grid.getSelectedItems().size();
        for (int i = 0; i < selectionButtons.size(); i++) {
            Button button = selectionButtons.get(i);
            String label = selectionActions.get(i).label();
            button.setEnabled(ticked > 0 || vaultId != null);
            button.setText(ticked > 0 ? label + " (" + ticked + " selected)" : vaultId != null ? label + " (whole vault)" : label);
        }
    }

    private void refresh() {
        scheduleOfRow.clear();
        grid.getDataProvider().refreshAll();
        updateSummary();
    }

    private void updateSummary() {
        var counts = fleet.countByStatus();
        summary.setText(counts.get(ServerStatus.ONLINE) + " online · " + counts.get(ServerStatus.OFFLINE) + " offline");
    }

    /**
     * {@code /servers?vault=<id>} lists one vault's servers, as the portal's per-vault view does; {@code status=}
     * preselects the status filter.
     */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        // ?status=ONLINE|OFFLINE: the dashboard's numbers open the list filtered this way
        event.getLocation().getQueryParameters().getParameters().getOrDefault("status", List.of()).stream().findFirst()
                .ifPresent(status -> {
                    try {
                        statusFilter.setValue(ServerStatus.valueOf(status));
                    } catch (IllegalArgumentException unknown) {
                        statusFilter.clear();
                    }
                });
        var values = event.getLocation().getQueryParameters().getParameters().getOrDefault("vault", List.of());
        vaultId = null;
        if (!values.isEmpty()) {
            try {
                vaultId = UUID.fromString(values.getFirst());
            } catch (IllegalArgumentException e) {
                vaultId = null;
            }
        }
        if (vaultId != null) {
            String name = fleet.vaultName(vaultId).orElse("unknown vault");
            vaultChip.removeAll();
            vaultChip.add(Badges.of("Vault: " + name, Badges.Tone.INFO));
            RouterLink all = new RouterLink("All vaults", RegisteredServersView.class);
            all.setId("server-vault-filter-clear");
            vaultChip.add(all);
            vaultChip.setVisible(true);
        } else {
            vaultChip.setVisible(false);
        }
        updateSelectionButtons();
        refresh();
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("Registered servers"));
    }
}
