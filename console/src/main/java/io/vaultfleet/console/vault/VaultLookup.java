package io.vaultfleet.console.vault;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Vaults for the console's own background work (retention clean-up reads the soft-delete settings and the storage
 * location, alert rules the vaults without soft delete, replication the geo-redundant ones). No user is involved, so
 * there is no role check: views use {@link VaultService}.
 */
@Component
public class VaultLookup {
    private final VaultRepository vaults;

    VaultLookup(VaultRepository vaults) {
        this.vaults = vaults;
    }

    @Transactional(readOnly = true)
    public Optional<Vault> find(UUID vaultId) {
        return vaults.find(vaultId);
    }

    /** Vaults whose soft delete is off: id to name. */
    @Transactional(readOnly = true)
    public Map<UUID, String> withoutSoftDelete() {
        return vaults.withoutSoftDelete();
    }

    /** The ids of the geo-redundant vaults, in id order. */
    @Transactional(readOnly = true)
    public List<UUID> geoRedundant() {
        return vaults.idsWithRedundancy(StorageRedundancy.GEO_REDUNDANT);
    }
}
