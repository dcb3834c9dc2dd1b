package io.vaultfleet.protocol;

import java.util.List;

/**
 * Back Up Now: the console asks the agent to back up one item at once, as job {@code jobId}. The agent answers with
 * {@link JobProgress} while it runs and a {@link JobFinished} at the end (also when it refuses, e.g. because a backup
 * of the item is already running).
 *
 * @param jobId the console's job id
 * @param item  {@code FILES_AND_FOLDERS} (with {@code paths}), {@code SYSTEM_CONFIGURATION} or {@code SYSTEM_STATE}
 * @param paths the folders and files for {@code FILES_AND_FOLDERS}
 */
@MessageType("backup-now")
public record BackupNow(String jobId, String item, List<String> paths) implements ConsoleMessage {
    public static final List<String> ITEMS = List.of("FILES_AND_FOLDERS", "SYSTEM_CONFIGURATION", "SYSTEM_STATE");

    public BackupNow {
        Fields.requireText(jobId, "jobId", 64);
        if (!ITEMS.contains(item)) {
            throw new IllegalArgumentException("item must be one of " + ITEMS);
        }
        paths = paths == null ? List.of() : List.copyOf(paths);
        if (item.equals("FILES_AND_FOLDERS") && paths.isEmpty()) {
            throw new IllegalArgumentException("FILES_AND_FOLDERS needs at least one path");
        }
        if (paths.size() > 100) {
            throw new IllegalArgumentException("at most 100 paths");
        }
        for (String p : paths) {
            Fields.requireText(p, "paths[]", 1024);
            if (p.startsWith("-")) {
                throw new IllegalArgumentException("paths[] must be files or folders, not options: " + p);
            }
        }
    }
}
