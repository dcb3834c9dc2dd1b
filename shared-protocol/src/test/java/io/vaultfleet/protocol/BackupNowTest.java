package io.vaultfleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vaultfleet.protocol.policy.AgentPolicy;
import io.vaultfleet.protocol.policy.BackupSchedule;

/** What the console may ask an agent to back up: files and folders, never options of the agent's backup command. */
class BackupNowTest {
    @Test
    void aPathThatLooksLikeAnOptionIsRefused() {
        assertThatThrownBy(() -> new BackupNow("job-1", "FILES_AND_FOLDERS", List.of("/srv", "--repo=folder:/tmp/x")))
                .hasMessage("paths[] must be files or folders, not options: --repo=folder:/tmp/x");
        assertThatThrownBy(() -> new AgentPolicy("p", "Nightly", List.of("FILES_AND_FOLDERS"), List.of("-x"), List.of(),
                BackupSchedule.daily("UTC", "21:00"), null))
                .hasMessageContaining("not options: -x");
        assertThatThrownBy(() -> new AgentPolicy("p", "Nightly", List.of("FILES_AND_FOLDERS"), List.of("/srv"),
                List.of("--passphrase-file=/x"), BackupSchedule.daily("UTC", "21:00"), null))
                .hasMessageContaining("exclude entries are files, folders or patterns, not options");
        assertThat(new BackupNow("job-2", "FILES_AND_FOLDERS", List.of("/srv/-odd-name")).paths())
                .containsExactly("/srv/-odd-name");
    }
}
