package io.vaultfleet.protocol.vault;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One registered server's copy in a restore-only credentials file: where the agent opens it read-only.
 *
 * @param serverId   the registered server whose backups these are
 * @param serverName its name in the vault (what {@code fleet-agent restore --server} matches)
 * @param repository {@code azure:<container URL with a read-and-list-only SAS>} or {@code folder:<path>}
 * @param expiresAt  when the access stops working (the SAS's expiry; the file's for a folder)
 */
public record RestoreSource(UUID serverId, String serverName, String repository, Instant expiresAt) {
    public RestoreSource {
        Objects.requireNonNull(serverId, "serverId");
        if (serverName == null || serverName.isBlank()) {
            throw new IllegalArgumentException("serverName is required");
        }
        if (repository == null || !(repository.startsWith("azure:") || repository.startsWith("folder:"))) {
            throw new IllegalArgumentException("repository must be azure:<URL> or folder:<path>");
        }
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        // the SAS is a secret
        int query = repository.indexOf('?');
        return "RestoreSource[" + serverName + " (" + serverId + "), "
                + (query < 0 ? repository : repository.substring(0, query) + "?…") + ", expires " + expiresAt + "]";
    }
}
