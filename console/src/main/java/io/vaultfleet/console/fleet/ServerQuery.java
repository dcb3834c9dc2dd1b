package io.vaultfleet.console.fleet;

/**
 * Filter and order for listing servers.
 *
 * @param nameContains case-insensitive part of the server name, or empty
 * @param status       only servers in this status, or {@code null} for all
 * @param sort         column to order by
 * @param descending   reverse order
 */
public record ServerQuery(String nameContains, ServerStatus status, Sort sort, boolean descending) {
    public enum Sort { NAME, STATUS, LAST_SEEN, OS, AGENT_VERSION }

    public ServerQuery {
        nameContains = nameContains == null ? "" : nameContains.trim();
        sort = sort == null ? Sort.NAME : sort;
    }

    public static ServerQuery all() {
        return new ServerQuery("", null, Sort.NAME, false);
    }
}
