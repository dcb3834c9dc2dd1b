package io.vaultfleet.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.FolderStore;

class FolderRoundTripTest {
    @TempDir
    Path work;

    @Test
    void backupChangeBackupRestoreKeepsBytesAndMetadata() throws Exception {
        RoundTripScenario.run(new FolderStore(work.resolve("repo")), work);
    }

    @Test
    void aFileThatCannotBeOpenedIsAWarningNotAFailure() throws Exception {
        Path source = work.resolve("src");
        Files.createDirectories(source);
        Files.writeString(source.resolve("ok.txt"), "fine");
        Files.writeString(source.resolve("locked.db"), "in use");
        Repository repo = Repository.init(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE,
                RoundTripScenario.CHEAP_KDF, "h");
        BackupResult result = new Backup(repo, RoundTripScenario.options(source, null, file -> {
            if (file.endsWith("locked.db")) {
                throw new AccessDeniedException(file.toString(), null, "locked by another process");
            }
            return Files.newInputStream(file);
        })).run();
        assertThat(result.warnings()).singleElement().satisfies(w -> {
            assertThat(w.path()).endsWith("locked.db");
            assertThat(w.message()).contains("locked by another process");
        });
        assertThat(result.stats().files()).isEqualTo(1);
    }

    @Test
    void excludesAndIncludesSelectFiles() throws Exception {
        Path source = work.resolve("src");
        Files.createDirectories(source.resolve("cache"));
        Files.writeString(source.resolve("a.txt"), "a");
        Files.writeString(source.resolve("b.log"), "b");
        Files.writeString(source.resolve("cache/c.txt"), "c");
        Repository repo = Repository.init(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE,
                RoundTripScenario.CHEAP_KDF, "h");
        var selection = new io.vaultfleet.agent.source.FileSelection(List.of(source), List.of("*.txt"), List.of("cache"));
        var options = io.vaultfleet.agent.backup.BackupOptions.defaults("x", "h", selection, null);
        String id = new Backup(repo, options).run().snapshotId();
        assertThat(repo.readSnapshot(id).nodes()).extracting(n -> Path.of(n.path()).getFileName().toString())
                .containsExactlyInAnyOrder("src", "a.txt");
    }

    static void unused() throws IOException {
    }
}
