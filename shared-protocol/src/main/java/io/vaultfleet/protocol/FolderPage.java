package io.vaultfleet.protocol;

import java.util.List;

/**
 * One page of a folder listing (answer to {@link BrowseFolder}); entries sorted by name as the point stores them.
 *
 * @param nextCursor null on the last page
 * @param error      null on success; otherwise plain words (the folder does not exist in the point, the session is
 *                   unknown, …) and no entries
 */
@MessageType("folder-page")
public record FolderPage(String requestId, String sessionId, List<FolderEntry> entries, String nextCursor,
                         String error) implements AgentMessage {
    public FolderPage {
        Fields.requireText(requestId, "requestId", 64);
        Fields.requireText(sessionId, "sessionId", 64);
        entries = entries == null ? List.of() : List.copyOf(entries);
        if (entries.size() > BrowseFolder.MAX_LIMIT) {
            throw new IllegalArgumentException("at most " + BrowseFolder.MAX_LIMIT + " entries in a page");
        }
    }
}
