package io.vaultfleet.protocol;

/**
 * Recover Data, *Select items*: one page of a recovery point's folder, listed by the target agent (which decrypts
 * the tree; the console stores no file names). Answered by {@link FolderPage} with the same {@code requestId}.
 *
 * @param folder       a path as the point records it (as {@link FolderEntry#path()} gave it), or empty for the
 *                     point's top level (the backed-up roots)
 * @param cursor       null for the first page; then the previous page's {@code nextCursor}
 * @param limit        1 to {@link #MAX_LIMIT} entries
 * @param nameContains null, or only entries whose name contains this text (case-insensitive)
 */
@MessageType("browse-folder")
public record BrowseFolder(String requestId, String sessionId, String recoveryPointId, String folder, String cursor,
                           int limit, String nameContains) implements ConsoleMessage {
    public static final int MAX_LIMIT = 2000;

    public BrowseFolder {
        Fields.requireText(requestId, "requestId", 64);
        Fields.requireText(sessionId, "sessionId", 64);
        Fields.requireText(recoveryPointId, "recoveryPointId", 128);
        folder = folder == null ? "" : folder;
        if (folder.length() > 32_767) {
            throw new IllegalArgumentException("folder is longer than 32767 characters");
        }
        if (cursor != null && cursor.length() > 33_000) {
            throw new IllegalArgumentException("cursor is longer than 33000 characters");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
        }
        if (nameContains != null && (nameContains.isBlank() || nameContains.length() > 255)) {
            nameContains = nameContains.isBlank() ? null : nameContains.substring(0, 255);
        }
    }
}
