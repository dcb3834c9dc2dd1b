package io.vaultfleet.console.fleet;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Vault names for the server views, from the vault feature (which depends on this one, so it implements this
 * interface over its own table and the fleet feature does not read it).
 */
public interface VaultNames {
    /** The names of the given vaults; a vault that no longer exists is absent. */
    Map<UUID, String> namesOf(Collection<UUID> vaultIds);
}
