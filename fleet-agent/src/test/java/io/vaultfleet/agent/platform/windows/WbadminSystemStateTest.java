package io.vaultfleet.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wbadmin replayed from recordings; the staging folder and its cleanup are real, on a temp folder. */
class WbadminSystemStateTest {
    @TempDir
    Path cacheVolume;
    @TempDir
    Path home;

    private final List<String> progress = new ArrayList<>();

    private WbadminSystemState source(RecordedCommandRunner runner) {
        return new WbadminSystemState(runner, RecordedRegistry.of("server-2022.reg.txt"), cacheVolume.toString(), "C:", "FS01", home);
    }

    private Runnable wbadminWritesItsFolder() {
        return () -> {
            try {
                Path folder = cacheVolume.resolve("WindowsImageBackup/FS01/Backup 2026-11-25 020012");
                Files.createDirectories(folder);
                Files.writeString(folder.resolve("a6c9f9e1-0000-0000-0000-000000000000.vhdx"), "system state");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private RecordedCommandRunner installed() {
        return new RecordedCommandRunner().answer("Get-WindowsFeature", "feature/get-windowsfeature-installed.txt", 0);
    }

    @Test
    void producesTheStagingFolderWithProgressAndCleansItUp() throws Exception {
        RecordedCommandRunner runner = installed()
                .answer("start systemstatebackup", "wbadmin/systemstatebackup-success.txt", 0, wbadminWritesItsFolder());
        WbadminSystemState source = source(runner);

        Path folder = source.produce((phase, percent) -> progress.add(phase + " " + percent));

        assertThat(folder).isEqualTo(cacheVolume.resolve("WindowsImageBackup").resolve("FS01")).isDirectory();
        assertThat(runner.commands.getLast().args()).endsWith("start", "systemstatebackup", "-backupTarget:" + cacheVolume, "-quiet");
        assertThat(progress).contains("Creating a shadow copy -1", "System Writer 0", "System Writer 43", "System Writer 100",
                "COM+ REGDB Writer 100", "Registry Writer 100");
        source.cleanup();
        assertThat(cacheVolume.resolve("WindowsImageBackup/FS01")).doesNotExist();
        assertThat(home.resolve("system-state-staging.txt")).doesNotExist();
    }

    @Test
    void aFailedBackupFailsWithWbadminsErrorAndCleanupStillRemovesTheStaging() throws Exception {
        RecordedCommandRunner runner = installed()
                .answer("start systemstatebackup", "wbadmin/systemstatebackup-vss-failure.txt", -1, wbadminWritesItsFolder());
        WbadminSystemState source = source(runner);

        assertThatThrownBy(() -> source.produce(io.vaultfleet.agent.platform.ProgressListener.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("(0x800423f4)").hasMessageContaining("Backup_Error-25-11-2026_02-00-12.log");
        source.cleanup();
        assertThat(cacheVolume.resolve("WindowsImageBackup/FS01")).doesNotExist();
    }

    @Test
    void withoutWindowsServerBackupItSaysHowToInstallIt() {
        RecordedCommandRunner runner = new RecordedCommandRunner()
                .answer("Get-WindowsFeature", "feature/get-windowsfeature-available.txt", 0);
        assertThatThrownBy(() -> source(runner).produce(io.vaultfleet.agent.platform.ProgressListener.NONE))
                .hasMessageContaining("not installed (available)")
                .hasMessageContaining("Install-WindowsFeature -Name Windows-Server-Backup");
        assertThat(runner.commands).hasSize(1);
    }

    @Test
    void aLeftoverOfACrashedRunIsRemovedBeforeTheNextRun() throws Exception {
        wbadminWritesItsFolder().run();
        Files.writeString(home.resolve("system-state-staging.txt"), cacheVolume.resolve("WindowsImageBackup").resolve("FS01").toString());
        RecordedCommandRunner runner = installed()
                .answer("start systemstatebackup", "wbadmin/systemstatebackup-success.txt", 0, wbadminWritesItsFolder());

        assertThat(source(runner).produce(io.vaultfleet.agent.platform.ProgressListener.NONE)).isDirectory();
    }

    @Test
    void aWindowsImageBackupFolderTheAgentDidNotMakeIsNeverTouched() throws Exception {
        wbadminWritesItsFolder().run();
        RecordedCommandRunner runner = installed();
        WbadminSystemState source = source(runner);
        assertThatThrownBy(() -> source.produce(io.vaultfleet.agent.platform.ProgressListener.NONE))
                .hasMessageContaining("was not made by the agent");
        source.cleanup();
        assertThat(cacheVolume.resolve("WindowsImageBackup/FS01")).isDirectory();
    }

    @Test
    void stagingOnTheSystemVolumeNeedsAllowSsbToAnyVolume() {
        RecordedCommandRunner runner = installed();
        WbadminSystemState onC = new WbadminSystemState(runner, RecordedRegistry.of("server-2022.reg.txt"), "C:", "C:", "FS01", home);
        assertThatThrownBy(() -> onC.produce(io.vaultfleet.agent.platform.ProgressListener.NONE))
                .hasMessageContaining("AllowSSBToAnyVolume");
    }

    @Test
    void aDriveLetterTargetStagesAtTheVolumeRoot() {
        WbadminSystemState onD = new WbadminSystemState(installed(), RecordedRegistry.of("server-2022.reg.txt"), "D:", "C:", "FS01", home);
        assertThat(onD.stagingFolder().toString()).startsWith("D:\\").contains("WindowsImageBackup").endsWith("FS01");
    }
}
