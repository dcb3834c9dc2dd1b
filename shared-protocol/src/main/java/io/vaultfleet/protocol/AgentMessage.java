package io.vaultfleet.protocol;

/** A message the agent sends to the console. */
public sealed interface AgentMessage extends Message permits Hello, Heartbeat, RecoveryPointCreated, UpgradeResult, JobProgress, JobFinished,
        JobStarted, PolicyState, RecoveryKey, RecoveryOpened, FolderPage, DownloadFailed {
}
