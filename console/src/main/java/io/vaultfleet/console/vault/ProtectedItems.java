package io.vaultfleet.console.vault;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.console.identity.AuditLog;

/**
 * The items a vault protects, as the backup features see them: called when an agent reports its first recovery
 * point of an item (no signed-in user is involved, so no role check; the agent proved its server's key).
 */
@Component
public class ProtectedItems {
    private final JdbcClient jdbc;
    private final VaultRepository vaults;
    private final AuditLog audit;

    ProtectedItems(JdbcClient jdbc, VaultRepository vaults, AuditLog audit) {
        this.jdbc = jdbc;
        this.vaults = vaults;
        this.audit = audit;
    }

    /** The id of the server's protected item of this kind in the vault, created on first use. */
    @Transactional
    public UUID ensure(UUID vaultId, UUID serverId, String kind, String name) {
        var existing = jdbc.sql("select id from protected_item where vault_id = :v and server_id = :s and kind = :k")
                .param("v", vaultId).param("s", serverId).param("k", kind).query(UUID.class).optional();
        if (existing.isPresent()) {
            return existing.get();
        }
        vaults.insertProtectedItem(vaultId, serverId, kind, name);
        audit.recordAs("server:" + serverId, "vault.item-protected", "vault:" + vaultId, AuditLog.Outcome.SUCCESS,
                kind + " " + name);
        return jdbc.sql("select id from protected_item where vault_id = :v and server_id = :s and kind = :k")
                .param("v", vaultId).param("s", serverId).param("k", kind).query(UUID.class).single();
    }

    /** Adds stored bytes to an item, for the vault's "storage used". */
    @Transactional
    public void addStoredBytes(UUID itemId, long bytes) {
        jdbc.sql("update protected_item set storage_bytes = storage_bytes + :b where id = :id")
                .param("b", bytes).param("id", itemId).update();
    }
}
