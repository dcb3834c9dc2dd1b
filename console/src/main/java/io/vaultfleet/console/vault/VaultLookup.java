package io.vaultfleet.console.vault;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A vault by id for the console's own background work (retention clean-up reads the soft-delete settings and the
 * storage location). No user is involved, so there is no role check: views use {@link VaultService}.
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
}
