package io.vaultfleet.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Recover Data: restore from an open recovery session (see {@link RecoveryOpen}) as job {@code jobId}. The target
 * agent answers with {@link JobProgress} (stages {@code PRECHECK}, {@code RESTORE}, {@code FINALIZE}) and a
 * {@link JobFinished} whose {@code recoveryPointId} is the point restored and whose {@code skipped} lists the items
 * not restored with the reason (conflicts under {@link ConflictPolicy#SKIP}, unreadable data, …). The agent closes
 * the session (forgets a sealed passphrase) when the job ends. Cancel with {@link CancelJob}.
 *
 * @param items                  paths as {@link FolderEntry#path()} gave them; empty: the whole point
 * @param destination            null: the original location; otherwise a folder on the target (original paths
 *                               are recreated below it)
 * @param restorePermissions     ACLs on Windows, mode/owner/xattrs on Linux; false: the destination's defaults
 * @param systemStateVolume      {@link RecoveryMode#SYSTEM_STATE} only: the root of a non-critical volume the staged
 *                               {@code WindowsImageBackup} is restored to (e.g. {@code E:\}); null otherwise
 * @param runSystemStateRecovery {@link RecoveryMode#SYSTEM_STATE} only: also run {@code wbadmin start
 *                               systemstaterecovery} (else the job's detail gives the exact command and steps)
 */
@MessageType("restore-start")
public record RestoreStart(String jobId, String sessionId, String recoveryPointId, RecoveryMode mode,
                           List<String> items, String destination, ConflictPolicy conflict,
                           boolean restorePermissions, String systemStateVolume, boolean runSystemStateRecovery)
        implements ConsoleMessage {
    public static final int MAX_ITEMS = 1000;

    public RestoreStart {
        Fields.requireText(jobId, "jobId", 64);
        Fields.requireText(sessionId, "sessionId", 64);
        Fields.requireText(recoveryPointId, "recoveryPointId", 128);
        Objects.requireNonNull(mode, "mode is required");
        Objects.requireNonNull(conflict, "conflict is required");
        items = items == null ? List.of() : List.copyOf(items);
        if (items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("at most " + MAX_ITEMS + " items");
        }
        for (String item : items) {
            Fields.requireText(item, "items[]", 32_767);
        }
        if (destination != null) {
            Fields.requireText(destination, "destination", 32_767);
        }
        if (mode == RecoveryMode.SYSTEM_STATE) {
            Fields.requireText(systemStateVolume, "systemStateVolume", 260);
        } else if (systemStateVolume != null || runSystemStateRecovery) {
            throw new IllegalArgumentException("systemStateVolume and runSystemStateRecovery are for SYSTEM_STATE");
        }
    }
}
