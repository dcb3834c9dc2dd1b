package io.vaultfleet.console.recovery;

import java.util.Map;

import org.springframework.security.access.AccessDeniedException;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.QueryParameters;

import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerDetailSection;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.ui.Badges;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.console.vault.VaultService;
import io.vaultfleet.console.ui.DateTimes;

/**
 * The server detail page's list of recovery points, with their retention state; owners and contributors undelete a
 * soft-deleted point here within the vault's soft-delete period.
 */
@org.springframework.stereotype.Component
class RecoveryPointsSection implements ServerDetailSection {

    private final RecoveryPointCatalog catalog;
    private final RetentionCleanup retention;
    private final VaultService vaults;

    RecoveryPointsSection(RecoveryPointCatalog catalog, RetentionCleanup retention, VaultService vaults) {
        this.catalog = catalog;
        this.retention = retention;
        this.vaults = vaults;
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
    public Component create(RegisteredServer server) {
        Role role = server.vaultId() == null ? null : vaults.roleOn(vaults.get(server.vaultId()));
        boolean mayUndelete = role != null && role.includes(Role.CONTRIBUTOR);
        Div message = new Div();
        message.setId("recovery-points-message");
        Grid<RecoveryPoint> grid = new Grid<>();
        grid.setId("recovery-points");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(p -> DateTimes.dateTime(p.createdAt())).setHeader("Time").setAutoWidth(true);
        grid.addColumn(p -> Formats.itemLabel(p.item())).setHeader("Item").setAutoWidth(true);
        grid.addColumn(RecoveryPoint::fileCount).setHeader("Files").setAutoWidth(true);
        grid.addColumn(p -> Formats.bytes(p.totalBytes())).setHeader("Size").setAutoWidth(true);
        grid.addColumn(p -> Formats.bytes(p.newBytes())).setHeader("New data stored").setAutoWidth(true);
        grid.addComponentColumn(RecoveryPointsSection::state).setHeader("Status").setAutoWidth(true);
        grid.addColumn(RecoveryPoint::recoveryPointId).setHeader("Id").setFlexGrow(2);
        if (mayUndelete) {
            grid.addComponentColumn(p -> {
                if (!p.softDeleted()) {
                    return new Span();
                }
                Button undelete = new Button("Undelete", e -> {
                    try {
                        retention.undelete(server.id(), p.recoveryPointId());
                        message.setText("Recovery point " + p.recoveryPointId().substring(0, 12)
                                + " is back: the agent can restore it.");
                        message.setClassName("banner banner-success");
                    } catch (InvalidInputException | AccessDeniedException ex) {
                        message.setText(ex.getMessage());
                        message.setClassName("banner banner-error");
                    } catch (RuntimeException ex) {
                        message.setText("Undelete failed: " + ex.getMessage());
                        message.setClassName("banner banner-error");
                    }
                    grid.setItems(catalog.forServer(server.id()));
                });
                undelete.addThemeVariants(ButtonVariant.LUMO_SMALL);
                undelete.addClassName("undelete-recovery-point");
                undelete.getElement().setAttribute("data-recovery-point", p.recoveryPointId());
                return undelete;
            }).setHeader("").setAutoWidth(true);
        }
        boolean mayRecover = role != null && role.includes(Role.OPERATOR);
        if (mayRecover) {
            // Recover Data from this point (the recover feature's wizard, reached by its route: no module cycle)
            grid.addComponentColumn(p -> {
                if (p.softDeleted()) {
                    return new Span();
                }
                Button recover = new Button("Recover", e -> e.getSource().getUI().ifPresent(ui -> ui.navigate("recover",
                        QueryParameters.simple(Map.of("server", server.id().toString(),
                                "point", p.recoveryPointId())))));
                recover.addThemeVariants(ButtonVariant.LUMO_SMALL);
                recover.addClassName("recover-recovery-point");
                recover.getElement().setAttribute("data-recovery-point", p.recoveryPointId());
                return recover;
            }).setHeader("").setAutoWidth(true);
        }
        grid.setItems(catalog.forServer(server.id()));
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No recovery point yet.");
        return new Div(message, grid);
    }

    private static Span state(RecoveryPoint p) {
        if (p.softDeleted()) {
            return Badges.of("Soft-deleted until " + DateTimes.dateTime(p.purgeAfter()), Badges.Tone.WARNING);
        }
        return p.retainUntil() == null ? Badges.of("Kept", Badges.Tone.SUCCESS)
                : Badges.of("Retain till " + DateTimes.dateTime(p.retainUntil()), Badges.Tone.INFO);
    }
}
