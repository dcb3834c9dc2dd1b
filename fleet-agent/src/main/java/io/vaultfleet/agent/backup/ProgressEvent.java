package io.vaultfleet.agent.backup;

/**
 * A progress report (every second on a terminal or as a JSON line with {@code --json}). Totals come from a scan
 * that runs alongside the backup; {@code totalsKnown} is false until it has finished, and ETA is -1 until then.
 *
 * @param phase the pipeline's own phase for a terminal ({@code starting}, {@code walking}, …); the job's stage the
 *              console shows is a {@link BackupEvent.Stage} line
 */
public record ProgressEvent(String type, String phase, long bytesDone, long bytesTotal, long filesDone,
        long filesTotal, boolean totalsKnown, long bytesPerSecond, long etaSeconds, long newBytes, long packsUploaded,
        long warnings, long elapsedMillis) implements BackupEvent {
    public ProgressEvent {
        type = "progress";
    }

    /** The expected total, or -1 while the scan runs. */
    public long bytesTotalIfKnown() {
        return totalsKnown ? bytesTotal : -1;
    }
}
