package io.vaultfleet.console.monitoring;

import java.util.UUID;

/**
 * A condition a rule found: one open alert at most per {@link #key()}.
 *
 * @param serverId null for vault-wide causes (soft delete disabled)
 */
record AlertCause(AlertRule rule, UUID vaultId, UUID serverId, String title, String detail) {
    AlertCause {
        detail = detail == null ? "" : detail.length() > 2000 ? detail.substring(0, 2000) : detail;
        title = title.length() > 255 ? title.substring(0, 255) : title;
    }

    String key() {
        return key(rule, vaultId, serverId);
    }

    static String key(AlertRule rule, UUID vaultId, UUID serverId) {
        return rule.name() + ":" + (serverId != null ? "server:" + serverId : "vault:" + vaultId);
    }
}
