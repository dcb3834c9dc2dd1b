package io.vaultfleet.agent.backup;

/**
 * A progress report (every second on a terminal or as a JSON line with {@code --json}). Totals come from a scan
 * that runs alongside the backup; {@code totalsKnown} is false until it has finished, and ETA is -1 until then.
 */
public record ProgressEvent(String type, String phase, long bytesDone, long bytesTotal, long filesDone,
        long filesTotal, boolean totalsKnown, long bytesPerSecond, long etaSeconds, long newBytes, long packsUploaded,
        long warnings, long elapsedMillis) {
    public ProgressEvent {
        type = "progress";
    }
}
