package io.vaultfleet.console.fleet;

import java.util.UUID;

/**
 * Filter and order for listing servers.
 *
 * @param nameContains case-insensitive part of the server name, or empty
 * @param status       only servers in this status, or {@code null} for all
 * @param sort         column to order by
 * @param descending   reverse order
 */
public record ServerQuery(String nameContains, ServerStatus status, Sort sort, boolean descending, UUID vaultId) {
    public enum Sort { NAME, STATUS, LAST_SEEN, OS, AGENT_VERSION }

    public ServerQuery {
        nameContains = nameContains == null ? "" : nameContains.trim();
        sort = sort == null ? Sort.NAME : sort;
    }

    public ServerQuery(String nameContains, ServerStatus status, Sort sort, boolean descending) {
        this(nameContains, status, sort, descending, null);
    }

    public static ServerQuery all() {
        return new ServerQuery("", null, Sort.NAME, false);
    }

    /** The servers registered in one vault. */
    public static ServerQuery inVault(UUID vaultId) {
        return new ServerQuery("", null, Sort.NAME, false, vaultId);
    }
}
