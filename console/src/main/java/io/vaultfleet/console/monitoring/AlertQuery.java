package io.vaultfleet.console.monitoring;

import java.util.UUID;

/**
 * Which alerts to list, newest first.
 *
 * @param openOnly active and acknowledged alerts only
 * @param state    one state only, or null
 * @param rule     one rule only, or null
 * @param vaultId  one vault only, or null
 * @param serverId one server only, or null
 */
public record AlertQuery(boolean openOnly, AlertState state, AlertRule rule, UUID vaultId, UUID serverId) {
    public static AlertQuery open() {
        return new AlertQuery(true, null, null, null, null);
    }

    public static AlertQuery all() {
        return new AlertQuery(false, null, null, null, null);
    }

    public AlertQuery withRule(AlertRule r) {
        return new AlertQuery(openOnly, state, r, vaultId, serverId);
    }

    public AlertQuery inVault(UUID vault) {
        return new AlertQuery(openOnly, state, rule, vault, serverId);
    }

    public AlertQuery forServer(UUID server) {
        return new AlertQuery(openOnly, state, rule, vaultId, server);
    }
}
