package io.vaultfleet.console.fleet;

import java.util.List;
import java.util.UUID;

/**
 * An action on several servers at once that another feature contributes to the registered servers view (Back Up
 * Now, …), so the fleet module offers it without depending on that feature.
 */
public interface ServerSelectionAction {
    /** Position in the toolbar: lower first. */
    int order();

    /** The button's text. */
    String label();

    /** The button's element id. */
    String id();

    /** Whether the signed-in user may use it (the button is hidden otherwise). */
    boolean allowed();

    /**
     * Opens the action; called inside the UI's lock.
     *
     * @param selected the servers ticked in the grid; empty when {@code vaultId} is given instead
     * @param vaultId  the vault the view is filtered to when nothing is ticked: the action covers all its servers
     */
    void open(List<RegisteredServer> selected, UUID vaultId, String vaultName);
}
