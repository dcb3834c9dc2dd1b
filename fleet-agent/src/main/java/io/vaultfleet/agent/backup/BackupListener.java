package io.vaultfleet.agent.backup;

import io.vaultfleet.agent.source.SourceWarning;

/** Hears about a running backup. Called from pipeline threads: implementations must be thread-safe and quick. */
public interface BackupListener {
    default void warning(SourceWarning warning) {
    }

    default void packUploaded(String packId, int bytes, int chunks) {
    }

    default void packsAdopted(int count) {
    }

    BackupListener NONE = new BackupListener() {
    };
}
