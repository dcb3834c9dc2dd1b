package io.vaultfleet.console.recover;

import java.util.List;

import io.vaultfleet.protocol.ConflictPolicy;
import io.vaultfleet.protocol.RecoveryMode;

/**
 * What the wizard's steps chose for a restore (see {@link io.vaultfleet.protocol.RestoreStart} for each field).
 *
 * @param destination null: the original location; otherwise a folder on the target
 */
public record RestoreChoice(String recoveryPointId, RecoveryMode mode, List<String> items, String destination,
                            ConflictPolicy conflict, boolean restorePermissions, String systemStateVolume,
                            boolean runSystemStateRecovery) {
    public RestoreChoice {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** Files and folders, to {@code destination} (null: original location). */
    public static RestoreChoice files(String recoveryPointId, List<String> items, String destination,
                                      ConflictPolicy conflict, boolean restorePermissions) {
        return new RestoreChoice(recoveryPointId, RecoveryMode.FILES_AND_FOLDERS, items, destination, conflict,
                restorePermissions, null, false);
    }
}
