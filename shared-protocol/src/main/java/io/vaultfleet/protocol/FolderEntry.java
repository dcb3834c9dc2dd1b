package io.vaultfleet.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a recovery point's folder.
 *
 * @param name       shown to the admin (names that are not valid text are escaped, e.g. {@code caf\xe9})
 * @param path       the entry's path in the point, to use in {@link BrowseFolder#folder()} and
 *                   {@link RestoreStart#items()} unchanged
 * @param size       bytes for files, 0 otherwise
 * @param modifiedAt null when not recorded
 */
public record FolderEntry(String name, String path, EntryKind kind, long size, Instant modifiedAt) {
    public FolderEntry {
        Fields.requireText(name, "entries[].name", 32_767);
        Fields.requireText(path, "entries[].path", 32_767);
        Objects.requireNonNull(kind, "entries[].kind is required");
    }
}
