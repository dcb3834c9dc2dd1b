package io.vaultfleet.console.vault;

import com.vaadin.flow.component.Component;

/**
 * A part of a vault's page that another feature contributes (geo-replication's state on the Overview, its Cross
 * Region Restore setting in Backup Configuration, Recover Data's *Backup items*), so the vault module shows it without
 * depending on that feature.
 */
public interface VaultSection {
    enum Place { OVERVIEW, BACKUP_CONFIGURATION, BACKUP_ITEMS }

    Place place();

    /** Position within its place: lower first. */
    int order();

    /** A fresh component for this vault; called inside the UI's lock. */
    Component create(Vault vault);
}
