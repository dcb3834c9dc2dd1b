package io.vaultfleet.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashLeftoversTest {
    @TempDir
    Path home;
    @TempDir
    Path cacheVolume;

    @Test
    void removesRecordedShadowCopiesAndTheStagingFolderOfACrashedRun() throws Exception {
        Files.writeString(home.resolve("shadow-copies.txt"), "{7db8a36a-6d3a-4e25-8ef0-097355ec9f3b}\n");
        Path staging = Files.createDirectories(cacheVolume.resolve("WindowsImageBackup/FS01/Backup 2026-11-25 020012"));
        Files.writeString(home.resolve("system-state-staging.txt"), cacheVolume.resolve("WindowsImageBackup/FS01").toString());
        RecordedCommandRunner runner = new RecordedCommandRunner().answer("vssadmin delete shadows", "vssadmin/delete-shadow-quiet.txt", 0);

        assertThat(CrashLeftovers.cleanUp(runner, home)).containsExactly(
                "deleted 1 shadow cop(ies) a crashed run left", "removed the System State staging folder a crashed run left");
        assertThat(staging).doesNotExist();
        assertThat(home.resolve("shadow-copies.txt")).doesNotExist();
    }

    @Test
    void aCleanHomeNeedsNothing() throws Exception {
        RecordedCommandRunner runner = new RecordedCommandRunner();
        assertThat(CrashLeftovers.cleanUp(runner, home)).isEmpty();
        assertThat(runner.commands).isEmpty();
    }
}
