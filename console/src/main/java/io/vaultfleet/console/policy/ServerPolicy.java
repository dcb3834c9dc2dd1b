package io.vaultfleet.console.policy;

import java.time.Instant;
import java.util.UUID;

/**
 * A server's backup policy as the console sees it: the assigned policy and whether the agent runs it.
 *
 * @param policy       the assigned policy, or null
 * @param nextBackupAt the next scheduled backup, or null
 * @param state        whether the agent confirmed it
 * @param detail       what the agent reported when it differs
 */
public record ServerPolicy(UUID serverId, BackupPolicy policy, Instant nextBackupAt, SyncState state, String detail,
                           Instant reportedAt) {
    public enum SyncState {
        NONE("No policy"), WAITING("Waiting for the agent"), IN_SYNC("In sync"), DRIFTED("Drifted: being corrected");

        private final String label;

        SyncState(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
