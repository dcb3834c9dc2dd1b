package io.vaultfleet.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PendingRebootTest {
    @Test
    void namesEachRecordedSignal() {
        assertThat(PendingReboot.reasons(RecordedRegistry.of("pending-reboot-all-signals.reg.txt"))).containsExactly(
                "Component Based Servicing: RebootPending (an update or feature change waits for a restart)",
                "Windows Update: RebootRequired",
                "Session Manager: PendingFileRenameOperations (2 path(s) to rename or delete at next boot)",
                "Computer rename: WIN-8K2Q1LP3D4F becomes FS01 at next boot");
    }

    @Test
    void aServerWithNoSignalNeedsNoReboot() {
        assertThat(PendingReboot.reasons(RecordedRegistry.of("pending-reboot-none.reg.txt"))).isEmpty();
    }
}
