package io.vaultfleet.protocol.enrollment;

import java.time.Instant;

/**
 * Where a registered server keeps its backups, as the console tells it ({@code POST /agent/storage}): a repository
 * location the agent opens directly, scoped to this server. For Azure Blob it carries a short-lived SAS for the
 * server's own container, without delete permission.
 *
 * @param repository {@code folder:<path>} or {@code azure:<container URL with SAS>}
 * @param expiresAt  when the access stops working (ask again before); null for folders
 */
public record StorageGrant(String repository, Instant expiresAt) {
    @Override
    public String toString() {
        // the SAS is a secret
        int query = repository == null ? -1 : repository.indexOf('?');
        return "StorageGrant[" + (query < 0 ? repository : repository.substring(0, query) + "?…") + ", expires " + expiresAt + "]";
    }
}
