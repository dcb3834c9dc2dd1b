package io.vaultfleet.console.fleet;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Vault labels for the server views, from the vault feature (which depends on this one, so it implements this
 * interface over its own table and the fleet feature does not read it).
 */
public interface VaultNames {
    /**
     * How the given vaults are named in lists: "name (subscription)", as the pickers name them, since vault names
     * repeat across subscriptions; a vault that no longer exists is absent.
     */
    Map<UUID, String> labelsOf(Collection<UUID> vaultIds);
}
