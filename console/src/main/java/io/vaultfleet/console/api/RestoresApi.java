package io.vaultfleet.console.api;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vaultfleet.console.jobs.BackupJob;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.recover.OwnBackupsRecovery;
import io.vaultfleet.console.recover.RestoreChoice;
import io.vaultfleet.protocol.ConflictPolicy;
import io.vaultfleet.protocol.FolderEntry;
import io.vaultfleet.protocol.FolderPage;
import io.vaultfleet.protocol.RecoveryMode;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Recover Data from a server's OWN backups (MSOnlineBackup's {@code Start-OBRecovery} on that server): browse a
 * recovery point through the server's agent and start a restore job. No passphrase travels through the API, so
 * another server's backups are recovered only in the browser, where the passphrase is sealed to the target's key.
 */
@RestController
@RequestMapping(path = "/api/v1/servers/{serverId}", produces = "application/json")
@Tag(name = "Recover Data", description = "Restore a server from its own backups (Backup operator at its vault)")
class RestoresApi {
    private final OwnBackupsRecovery recovery;

    RestoresApi(OwnBackupsRecovery recovery) {
        this.recovery = recovery;
    }

    /**
     * What to restore.
     *
     * @param mode               FILES_AND_FOLDERS (default), SYSTEM_CONFIGURATION (Linux), SYSTEM_STATE (Windows)
     * @param items              paths as the items list gave them; empty: the whole point
     * @param destination        null: the original location; otherwise a folder on the server
     * @param conflict           when an item exists at the destination; default CREATE_COPIES (nothing is overwritten)
     * @param restorePermissions ACLs on Windows, mode/owner/xattrs on Linux (default true)
     * @param systemStateVolume  SYSTEM_STATE only: the volume the staged backup is restored to (e.g. E:\)
     */
    record Restore(String recoveryPointId, RecoveryMode mode, List<String> items, String destination,
                   ConflictPolicy conflict, Boolean restorePermissions, String systemStateVolume,
                   Boolean runSystemStateRecovery) {
    }

    @PostMapping(path = "/restores", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Restore from one of the server's own recovery points, as a job (Backup operator at its vault)",
            description = "Only the server's own backups: no passphrase travels through the API (another server's "
                    + "backups are recovered in the browser, where the passphrase is sealed to the target's key). "
                    + "Defaults: mode FILES_AND_FOLDERS, items empty = the whole point, destination null = the "
                    + "original location, conflict CREATE_COPIES, restorePermissions true. The answer is the job, as "
                    + "Back Up Now's; follow it with GET /api/v1/jobs/{jobId}.")
    BackupJob startRecovery(@PathVariable UUID serverId, @RequestBody Restore request) {
        if (request == null || request.recoveryPointId() == null || request.recoveryPointId().isBlank()) {
            throw new InvalidInputException("recoveryPointId", "Choose a recovery point (recoveryPointId).");
        }
        RecoveryMode mode = request.mode() == null ? RecoveryMode.FILES_AND_FOLDERS : request.mode();
        List<String> items = request.items() == null ? List.of() : request.items();
        if (items.stream().anyMatch(i -> i == null || i.isBlank())) {
            throw new InvalidInputException("items", "An item is empty: give each path as the items list gave it.");
        }
        return recovery.restore(serverId, new RestoreChoice(request.recoveryPointId().strip(), mode, items,
                request.destination(), request.conflict() == null ? ConflictPolicy.CREATE_COPIES : request.conflict(),
                request.restorePermissions() == null || request.restorePermissions(), request.systemStateVolume(),
                Boolean.TRUE.equals(request.runSystemStateRecovery())));
    }

    @GetMapping("/recovery-points/{recoveryPointId}/items")
    @Operation(summary = "One page of a folder of the server's own recovery point, listed by its agent (empty "
            + "folder: the backed-up roots)")
    ApiPage<FolderEntry> recoverableItems(@PathVariable UUID serverId, @PathVariable String recoveryPointId,
                               @RequestParam(required = false) String folder,
                               @RequestParam(required = false) String name,
                               @RequestParam(required = false) String cursor,
                               @RequestParam(required = false) Integer limit) {
        int size = limit == null ? ApiPage.DEFAULT_LIMIT : limit;
        if (size < 1 || size > ApiPage.MAX_LIMIT) {
            throw new InvalidInputException("limit", "The page size must be between 1 and " + ApiPage.MAX_LIMIT + ".");
        }
        // the agent's cursor is opaque too: it is passed back to it unchanged
        FolderPage page = recovery.browse(serverId, recoveryPointId, folder, cursor == null || cursor.isBlank()
                ? null : cursor, size, name);
        return new ApiPage<>(page.entries(), page.nextCursor());
    }
}
