package io.vaultfleet.console.readmodel;

/**
 * Names of servers and vaults as columns and conditions of another feature's list query (jobs, alerts): one
 * correlated subquery per row inside the same statement, so a page of jobs costs one query, and a filter by server
 * name stays a condition in the database however many servers match.
 */
public final class Labels {
    private Labels() {
    }

    /** A column: the name of the server whose id is in {@code serverIdColumn} (null: no such server). */
    public static String serverName(String serverIdColumn) {
        return "(select label_s.name from registered_server label_s where label_s.id = " + serverIdColumn + ")";
    }

    /** A column: the name of the vault whose id is in {@code vaultIdColumn} (null: no such vault). */
    public static String vaultName(String vaultIdColumn) {
        return "(select label_v.name from vault label_v where label_v.id = " + vaultIdColumn + ")";
    }

    /**
     * A condition: the server in {@code serverIdColumn} has a name that, lower-cased, is {@code like} the parameter
     * {@code :param} (a lower-case pattern with {@code \} as its escape character).
     */
    public static String serverNameLike(String serverIdColumn, String param) {
        return serverIdColumn + " in (select label_s.id from registered_server label_s where lower(label_s.name) like :"
                + param + " escape '\\')";
    }
}
