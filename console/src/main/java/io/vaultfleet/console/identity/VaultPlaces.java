package io.vaultfleet.console.identity;

import java.util.Optional;
import java.util.UUID;

/**
 * Where a vault sits (its subscription and resource group), for role checks on it. The vault feature owns vaults and
 * depends on this one, so it implements this interface over its own table and identity reads none of it.
 */
public interface VaultPlaces {
    /**
     * The vault's place on the scope path, or empty when there is no such vault. A vault never moves, so callers may
     * cache it.
     */
    Optional<ScopePath> placeOf(UUID vaultId);
}
