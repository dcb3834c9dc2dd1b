package io.vaultfleet.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.BackupOptions;
import io.vaultfleet.agent.backup.BackupResult;
import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.agent.restore.Restorer;
import io.vaultfleet.agent.store.FolderStore;

/**
 * Reading a root from a shadow copy while recording it under its own path, as Windows backups do through VSS:
 * here the "shadow copy" is a frozen copy of the folder, and the live folder changes during the backup.
 */
class ShadowCopyReadTest {
    @TempDir
    Path work;

    @Test
    void readsTheFrozenCopyButRecordsAndRestoresTheLivePaths() throws Exception {
        Path live = Files.createDirectories(work.resolve("live/data"));
        Path frozen = Files.createDirectories(work.resolve("shadow/data"));
        Files.createDirectories(frozen.resolve("sub"));
        Files.writeString(frozen.resolve("ledger.db"), "consistent state at snapshot time");
        Files.writeString(frozen.resolve("sub/notes.txt"), "notes");
        Files.writeString(live.resolve("ledger.db"), "half-written state");
        Files.writeString(live.resolve("excluded.tmp"), "scratch");
        Files.writeString(frozen.resolve("excluded.tmp"), "scratch");

        FileSelection selection = new FileSelection(List.of(live), List.of(), List.of("*.tmp"))
                .readingFrom(Map.of(live, frozen));
        Repository repo = Repository.init(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE,
                RoundTripScenario.CHEAP_KDF, "host");
        BackupResult result = new Backup(repo, BackupOptions.defaults("files:" + live, "host", selection,
                work.resolve("cache"))).run();

        Snapshot snapshot = repo.readSnapshot(result.snapshotId());
        assertThat(snapshot.nodes()).extracting(Snapshot.Node::path)
                .contains(live.toString(), live.resolve("ledger.db").toString(), live.resolve("sub/notes.txt").toString())
                .noneMatch(p -> p.contains("shadow"))
                .noneMatch(p -> p.endsWith(".tmp"));

        Files.delete(live.resolve("ledger.db"));
        new Restorer(repo).restore(new Restorer.Options(result.snapshotId(), List.of(), null, 2));
        assertThat(Files.readString(live.resolve("ledger.db"))).isEqualTo("consistent state at snapshot time");
        assertThat(Files.readString(live.resolve("sub/notes.txt"))).isEqualTo("notes");
    }
}
