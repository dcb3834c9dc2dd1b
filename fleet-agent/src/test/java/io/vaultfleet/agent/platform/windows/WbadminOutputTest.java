package io.vaultfleet.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WbadminOutputTest {
    private static String fixture(String name) {
        return new String(RecordedCommandRunner.fixture("wbadmin/" + name), StandardCharsets.ISO_8859_1);
    }

    @Test
    void writerProgressLinesBecomeProgress() {
        assertThat(WbadminOutput.progress("Creating a backup of files reported by 'System Writer' (43%)."))
                .contains(new WbadminOutput.Progress("System Writer", 43));
        assertThat(WbadminOutput.progress("Creating a backup of volume (C:), copied (99%)."))
                .contains(new WbadminOutput.Progress("volume (C:)", 99));
        assertThat(WbadminOutput.progress("Found (136212) files."))
                .contains(new WbadminOutput.Progress("Identifying system state files (136212 found)", -1));
        assertThat(WbadminOutput.progress("Retrieving volume information...")).isEmpty();
    }

    @Test
    void recordedSuccess() {
        WbadminOutput.Outcome o = WbadminOutput.outcome(fixture("systemstatebackup-success.txt"), 0);
        assertThat(o.succeeded()).isTrue();
        assertThat(o.logFiles()).containsExactly("C:\\Windows\\Logs\\WindowsServerBackup\\Backup-25-11-2026_02-00-12.log");
    }

    @Test
    void recordedFailureCarriesWbadminsErrorText() {
        WbadminOutput.Outcome o = WbadminOutput.outcome(fixture("systemstatebackup-vss-failure.txt"), 0xFFFFFFFF);
        assertThat(o.succeeded()).isFalse();
        assertThat(o.error()).isEqualTo("A Volume Shadow Copy Service operation error has occurred: (0x800423f4) "
                + "The writer experienced a non-transient error. If the backup process is retried, the error is likely to reoccur.");
        assertThat(o.logFiles()).hasSize(2);
    }

    @Test
    void successTextWithANonZeroExitCodeIsNotASuccess() {
        assertThat(WbadminOutput.outcome(fixture("systemstatebackup-success.txt"), 1).succeeded()).isFalse();
    }

    @Test
    void recordedVersions() {
        var versions = WbadminOutput.versions(fixture("get-versions.txt"));
        assertThat(versions).hasSize(2);
        assertThat(versions.getLast().identifier()).isEqualTo("11/25/2026-02:19");
        assertThat(versions.getLast().hasSystemState()).isTrue();
    }
}
