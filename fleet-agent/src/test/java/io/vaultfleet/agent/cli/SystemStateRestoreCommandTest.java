package io.vaultfleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restore --system-state-recovery}: the System State folder comes back through the real engine, then the
 * wbadmin recovery steps for that folder are printed (wbadmin itself only runs on Windows).
 */
class SystemStateRestoreCommandTest {
    @TempDir
    Path work;

    @Test
    void restoresTheWindowsImageBackupFolderAndPrintsTheRecoverySteps() throws Exception {
        Path volume = Files.createDirectories(work.resolve("staging-volume"));
        Path host = Files.createDirectories(volume.resolve("WindowsImageBackup/FS01/Backup 2026-11-25 020012"));
        Files.writeString(host.resolve("disk.vhdx"), "system state");
        Path passphrase = Files.writeString(work.resolve("pass"), "a long enough test passphrase");
        String repo = "folder:" + work.resolve("repo");
        assertThat(CliRunner.run("init", "--repo", repo, "--passphrase-file", passphrase.toString(), "--kdf-memory", "1024",
                "--kdf-iterations", "1", "--home", work.resolve("home").toString()).exitCode()).isZero();
        CliRunner backup = CliRunner.run("backup", "--repo", repo, "--passphrase-file", passphrase.toString(), "--home",
                work.resolve("home").toString(), "--item", "SYSTEM_STATE", volume.resolve("WindowsImageBackup/FS01").toString());
        assertThat(backup.exitCode()).as(backup.err()).isZero();

        Path target = work.resolve("restore-volume");
        CliRunner restore = CliRunner.run("restore", "--repo", repo, "--passphrase-file", passphrase.toString(), "latest",
                "--target", target.toString(), "--system-state-recovery", "--domain-controller", "NON_AUTHORITATIVE");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        Path restoredHost = io.vaultfleet.agent.restore.Restorer.destination(volume.resolve("WindowsImageBackup/FS01").toString(), target);
        assertThat(restoredHost.resolve("Backup 2026-11-25 020012/disk.vhdx")).hasContent("system state");
        assertThat(restore.out())
                .contains("System State recovery of FS01 from " + restoredHost.getParent().getParent())
                .contains("wbadmin start systemstaterecovery").contains("-machine:FS01 -quiet")
                .contains("Directory Services Restore Mode")
                .contains("Non-authoritative restore");
    }

    @Test
    void aRecoveryPointWithoutSystemStateIsSaidToBeOne() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "a");
        Path passphrase = Files.writeString(work.resolve("pass"), "a long enough test passphrase");
        String repo = "folder:" + work.resolve("repo");
        CliRunner.run("init", "--repo", repo, "--passphrase-file", passphrase.toString(), "--kdf-memory", "1024",
                "--kdf-iterations", "1", "--home", work.resolve("home").toString());
        CliRunner.run("backup", "--repo", repo, "--passphrase-file", passphrase.toString(), "--home",
                work.resolve("home").toString(), data.toString());
        CliRunner restore = CliRunner.run("restore", "--repo", repo, "--passphrase-file", passphrase.toString(), "latest",
                "--target", work.resolve("out").toString(), "--system-state-recovery");
        assertThat(restore.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(restore.err()).contains("not a System State recovery point");
    }
}
