package io.vaultfleet.console.fleet;

import com.vaadin.flow.component.Component;

/**
 * A part of the server detail page that another feature contributes (recovery points, jobs, alerts), so the fleet
 * module shows them without depending on those features.
 */
public interface ServerDetailSection {
    /** Position on the page: lower first. */
    int order();

    String title();

    /** A fresh component for this server; called inside the UI's lock. */
    Component create(RegisteredServer server);
}
