package io.vaultfleet.protocol;

/** A message the console sends to an agent. */
public sealed interface ConsoleMessage extends Message permits Welcome, HeartbeatAck, Delivered, UpgradeAvailable, BackupNow,
        CancelJob, PolicyAssigned, RecoveryKeyRequest, RecoveryOpen, BrowseFolder, RestoreStart, RecoveryClose,
        DownloadStart {
}
