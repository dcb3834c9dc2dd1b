package io.vaultfleet.agent.restore;

/**
 * Hears how a restore goes: progress as data is written (called from the fetch threads, often: a listener that
 * forwards it somewhere slow keeps its own pace), and each item not restored because something was already at its
 * destination ({@link io.vaultfleet.protocol.ConflictPolicy#SKIP}).
 */
public interface RestoreListener {
    RestoreListener NONE = new RestoreListener() {
    };

    /**
     * @param filesDone  files whose content is all written
     * @param bytesDone  bytes written so far
     * @param bytesTotal bytes the restore will write (the selected files' sizes)
     */
    default void progress(long filesDone, long bytesDone, long bytesTotal) {
    }

    /** {@code path} (shown form) was not restored: {@code reason} in plain words. */
    default void skipped(String path, String reason) {
    }
}
