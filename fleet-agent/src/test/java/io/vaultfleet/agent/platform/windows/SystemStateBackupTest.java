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

import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.BackupOptions;
import io.vaultfleet.agent.backup.BackupResult;
import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.cli.SystemStateStep;
import io.vaultfleet.agent.platform.Elevation;
import io.vaultfleet.agent.platform.PrecheckResult;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.restore.Restorer;
import io.vaultfleet.agent.source.FileSelection;
import io.vaultfleet.agent.store.FolderStore;

/**
 * System State end to end as far as this machine allows: prechecks and wbadmin replayed from recordings (only
 * tested that way), the staging folder, the backup engine and the restore real.
 */
class SystemStateBackupTest {
    @TempDir
    Path stagingVolume;
    @TempDir
    Path home;
    @TempDir
    Path work;

    private static final Elevation ELEVATED = new Elevation() {
        @Override
        public boolean isElevated() {
            return true;
        }

        @Override
        public String notElevatedMessage() {
            return "";
        }
    };

    private Runnable wbadminWrites() {
        return () -> {
            try {
                Path folder = stagingVolume.resolve("WindowsImageBackup/FS01/Backup 2026-11-25 020012");
                Files.createDirectories(folder.resolve("Catalog"));
                Files.writeString(folder.resolve("a6c9f9e1-0000-0000-0000-000000000000.vhdx"), "system state disk ".repeat(50_000));
                Files.writeString(folder.resolve("Catalog/BackupGlobalCatalog"), "catalog");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Test
    void theStagedSystemStateIsBackedUpRestoredAndTheStagingRemoved() throws Exception {
        RecordedCommandRunner runner = new RecordedCommandRunner()
                .answer("Get-WindowsFeature", "feature/get-windowsfeature-installed.txt", 0)
                .answer("sfc.exe", "sfc/verifyonly-clean.bin", 0)
                .answer("start systemstatebackup", "wbadmin/systemstatebackup-success.txt", 0, wbadminWrites());
        WindowsPrechecks prechecks = new WindowsPrechecks(
                RecordedRegistry.of("server-2022.reg.txt", "pending-reboot-none.reg.txt"), runner, ELEVATED, true);
        WbadminSystemState source = new WbadminSystemState(runner, RecordedRegistry.of("server-2022.reg.txt"),
                stagingVolume.toString(), "C:", "FS01", home);
        List<PrecheckResult> reported = new ArrayList<>();

        Path staged = SystemStateStep.prepare(prechecks, source, io.vaultfleet.agent.platform.ProgressListener.NONE, reported::add);
        FolderStore store = new FolderStore(work.resolve("repo"));
        Repository repo = Repository.init(store, RoundTripScenario.PASSPHRASE, RoundTripScenario.CHEAP_KDF, "FS01");
        BackupResult result = new Backup(repo, BackupOptions.defaults("SYSTEM_STATE", "FS01",
                new FileSelection(List.of(staged), List.of(), List.of()), work.resolve("cache"))).run();
        source.cleanup();

        assertThat(reported).extracting(PrecheckResult::outcome).containsOnly(PrecheckResult.Outcome.PASSED);
        assertThat(result.stats().files()).isEqualTo(2);
        assertThat(result.catalog().item()).isEqualTo("SYSTEM_STATE");
        assertThat(stagingVolume.resolve("WindowsImageBackup/FS01")).doesNotExist();

        Path restored = work.resolve("restored");
        new Restorer(repo).restore(new Restorer.Options(result.snapshotId(), List.of(), restored, 2));
        try (var files = Files.walk(restored)) {
            Path vhdx = files.filter(p -> p.getFileName().toString().endsWith(".vhdx")).findFirst().orElseThrow();
            assertThat(Files.readString(vhdx)).isEqualTo("system state disk ".repeat(50_000));
        }
    }

    @Test
    void integrityViolationsStopTheJobBeforeWbadminRuns() {
        RecordedCommandRunner runner = new RecordedCommandRunner()
                .answer("Get-WindowsFeature", "feature/get-windowsfeature-installed.txt", 0)
                .answer("sfc.exe", "sfc/verifyonly-violations-bom.bin", 0)
                .answer("start systemstatebackup", "wbadmin/systemstatebackup-success.txt", 0, wbadminWrites());
        WindowsPrechecks prechecks = new WindowsPrechecks(
                RecordedRegistry.of("server-2019-dc.reg.txt", "pending-reboot-none.reg.txt"), runner, ELEVATED, true);
        WbadminSystemState source = new WbadminSystemState(runner, RecordedRegistry.of("server-2019-dc.reg.txt"),
                stagingVolume.toString(), "C:", "FS01", home);

        assertThatThrownBy(() -> SystemStateStep.prepare(prechecks, source,
                io.vaultfleet.agent.platform.ProgressListener.NONE, r -> { }))
                .isInstanceOf(SystemStateStep.PrecheckFailed.class)
                .hasMessageContaining("System file check");
        assertThat(runner.commands).noneMatch(c -> String.join(" ", c.args()).contains("systemstatebackup"));
    }

    @Test
    void aPendingRebootOrAFullCacheStopsTheSystemStateJobWithTheReason() {
        RecordedCommandRunner runner = new RecordedCommandRunner()
                .answer("Get-WindowsFeature", "feature/get-windowsfeature-installed.txt", 0)
                .answer("sfc.exe", "sfc/verifyonly-clean.bin", 0)
                .answer("start systemstatebackup", "wbadmin/systemstatebackup-success.txt", 0, wbadminWrites());
        WindowsPrechecks rebootPending = new WindowsPrechecks(
                RecordedRegistry.of("server-2022.reg.txt", "pending-reboot-all-signals.reg.txt"), runner, ELEVATED, true);
        WbadminSystemState source = new WbadminSystemState(runner, RecordedRegistry.of("server-2022.reg.txt"),
                stagingVolume.toString(), "C:", "FS01", home);
        assertThatThrownBy(() -> SystemStateStep.prepare(rebootPending, source,
                io.vaultfleet.agent.platform.ProgressListener.NONE, r -> { }))
                .isInstanceOf(SystemStateStep.PrecheckFailed.class)
                .hasMessageContaining("Pending reboot: restart the server before backing up System State");

        WindowsPrechecks ready = new WindowsPrechecks(
                RecordedRegistry.of("server-2022.reg.txt", "pending-reboot-none.reg.txt"), runner, ELEVATED, true);
        // a cache folder on this machine's disk that needs more than any disk has: the real free-space check refuses
        var fullCache = io.vaultfleet.agent.platform.CacheSpaceCheck.after(ready, home.resolve("cache"), Long.MAX_VALUE);
        assertThatThrownBy(() -> SystemStateStep.prepare(fullCache, source,
                io.vaultfleet.agent.platform.ProgressListener.NONE, r -> { }))
                .isInstanceOf(SystemStateStep.PrecheckFailed.class)
                .hasMessageContaining("Free cache space: only ").hasMessageContaining("free in the cache folder");
        assertThat(runner.commands).noneMatch(c -> String.join(" ", c.args()).contains("systemstatebackup"));
        assertThat(io.vaultfleet.agent.platform.CacheSpaceCheck.after(ready, home.resolve("cache"), 1).run())
                .last().extracting(PrecheckResult::outcome).isEqualTo(PrecheckResult.Outcome.PASSED);
    }

    @Test
    void aClientWindowsIsToldSystemStateIsNotOffered() {
        RecordedCommandRunner runner = new RecordedCommandRunner();
        WindowsPrechecks prechecks = new WindowsPrechecks(
                RecordedRegistry.of("windows-11-enterprise.reg.txt", "pending-reboot-none.reg.txt"), runner, ELEVATED, true);
        WbadminSystemState source = new WbadminSystemState(runner, RecordedRegistry.of("windows-11-enterprise.reg.txt"),
                stagingVolume.toString(), "C:", "PC01", home);
        assertThatThrownBy(() -> SystemStateStep.prepare(prechecks, source,
                io.vaultfleet.agent.platform.ProgressListener.NONE, r -> { }))
                .isInstanceOf(SystemStateStep.PrecheckFailed.class)
                .hasMessageContaining("System State: ");
    }
}
