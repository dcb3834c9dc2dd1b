package io.vaultfleet.console.recovery;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;


import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerDetailSection;

/** The server detail page's list of recovery points. */
@org.springframework.stereotype.Component
class RecoveryPointsSection implements ServerDetailSection {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final RecoveryPointCatalog catalog;

    RecoveryPointsSection(RecoveryPointCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public String title() {
        return "Recovery points";
    }

    @Override
    public com.vaadin.flow.component.Component create(RegisteredServer server) {
        Grid<RecoveryPoint> grid = new Grid<>();
        grid.setId("recovery-points");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(p -> WHEN.format(p.createdAt())).setHeader("Time").setAutoWidth(true);
        grid.addColumn(p -> io.vaultfleet.console.ui.Formats.itemLabel(p.item())).setHeader("Item").setAutoWidth(true);
        grid.addColumn(RecoveryPoint::fileCount).setHeader("Files").setAutoWidth(true);
        grid.addColumn(p -> io.vaultfleet.console.ui.Formats.bytes(p.totalBytes())).setHeader("Size").setAutoWidth(true);
        grid.addColumn(p -> io.vaultfleet.console.ui.Formats.bytes(p.newBytes())).setHeader("New data stored").setAutoWidth(true);
        grid.addColumn(RecoveryPoint::recoveryPointId).setHeader("Id").setFlexGrow(2);
        grid.setItems(catalog.forServer(server.id()));
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No recovery point yet.");
        return grid;
    }
}
