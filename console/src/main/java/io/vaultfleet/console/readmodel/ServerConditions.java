package io.vaultfleet.console.readmodel;

/**
 * Conditions on a server id column of another feature's query that depend on the server's registration, so that the
 * query stays one statement however many rows it looks at (alert rules over every open alert).
 */
public final class ServerConditions {
    private ServerConditions() {
    }

    /** The server in {@code serverIdColumn} has been revoked (unregistered, or its key withdrawn). */
    public static String revoked(String serverIdColumn) {
        return serverIdColumn + " in (select cond_s.id from registered_server cond_s where cond_s.revoked_at is not null)";
    }
}
