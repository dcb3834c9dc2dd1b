package io.vaultfleet.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.SampleTree;
import io.vaultfleet.agent.repo.PackReader;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.restore.Restorer;
import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.agent.store.ForwardingStore;
import io.vaultfleet.agent.verify.Verifier;

/**
 * The console's retention clean-up removes packs the agent's (encrypted, immutable) index files still name. The
 * agent must never deduplicate against such a pack, and never write a recovery point naming one, even when the
 * removal happens while its backup runs. Here the test removes the blobs itself, as the console does (a move under
 * {@code deleted/}); the console's own test does the same through the real clean-up.
 */
class RemovedPacksTest {
    @TempDir
    Path work;

    @Test
    void aBackupAfterItsPacksWereRemovedUploadsTheDataAgainAndRestores() throws Exception {
        Path source = work.resolve("source");
        Files.createDirectories(source);
        Files.write(source.resolve("a.bin"), SampleTree.random(700_000, 1));
        BlobStore store = new FolderStore(work.resolve("repo"));
        Repository repo = Repository.init(store, RoundTripScenario.PASSPHRASE, RoundTripScenario.CHEAP_KDF, "h");
        BackupResult first = new Backup(repo, RoundTripScenario.options(source, work.resolve("cache"),
                FileOpener.DEFAULT)).run();
        removeAsTheConsoleDoes(store, first);

        BackupResult second = new Backup(repo, RoundTripScenario.options(source, work.resolve("cache"),
                FileOpener.DEFAULT)).run();
        // nothing was deduplicated against the removed pack: all data is new again, in a stored pack
        assertThat(second.stats().newBytes()).isEqualTo(700_000);
        assertThat(second.catalog().packIds()).doesNotContainAnyElementsOf(first.catalog().packIds());
        assertRestoresAndVerifies(repo, second, source);
        assertThat(new Verifier(repo).verify(true, 2).notes())
                .anySatisfy(n -> assertThat(n).contains("no longer stored (removed by retention clean-up)"));
    }

    @Test
    void packsRemovedWhileTheBackupRunsFailItClearlyAndTheNextOneIsComplete() throws Exception {
        Path source = work.resolve("source");
        Files.createDirectories(source);
        Files.write(source.resolve("a.bin"), SampleTree.random(700_000, 2));
        FolderStore folder = new FolderStore(work.resolve("repo"));
        AtomicBoolean removeOnNextPack = new AtomicBoolean();
        BackupResult[] before = new BackupResult[1];
        BlobStore store = new ForwardingStore(folder) {
            // packs are uploaded from the file they were built in (decision 034)
            @Override
            public void putFile(String name, Path file) throws IOException {
                if (name.startsWith(Repository.PACKS) && removeOnNextPack.getAndSet(false)) {
                    // the console's clean-up runs while this backup is uploading
                    removeAsTheConsoleDoes(folder, before[0]);
                }
                super.putFile(name, file);
            }
        };
        Repository repo = Repository.init(store, RoundTripScenario.PASSPHRASE, RoundTripScenario.CHEAP_KDF, "h");
        before[0] = new Backup(repo, RoundTripScenario.options(source, work.resolve("cache"), FileOpener.DEFAULT)).run();

        Files.write(source.resolve("b.bin"), SampleTree.random(300_000, 3));
        removeOnNextPack.set(true);
        assertThatThrownBy(() -> new Backup(repo, RoundTripScenario.options(source, work.resolve("cache"),
                FileOpener.DEFAULT)).run())
                .isInstanceOf(PacksRemovedException.class)
                .hasMessageContaining("removed from storage while the backup ran")
                .hasMessageContaining(before[0].catalog().packIds().get(0).substring(0, 12))
                .hasMessageContaining("No recovery point was written");
        assertThat(repo.snapshotIds()).isEmpty();

        BackupResult again = new Backup(repo, RoundTripScenario.options(source, work.resolve("cache"),
                FileOpener.DEFAULT)).run();
        // a.bin is uploaded again (its pack is gone); b.bin's pack, stored by the failed run, is reused
        assertThat(again.stats().newBytes()).isEqualTo(700_000);
        assertRestoresAndVerifies(repo, again, source);
    }

    /** What the console's clean-up does with an expired point whose packs nothing else uses. */
    static void removeAsTheConsoleDoes(BlobStore store, BackupResult point) throws IOException {
        List<String> names = new java.util.ArrayList<>(point.catalog().packIds().stream().map(PackReader::blobName).toList());
        names.add(Repository.SNAPSHOTS + point.snapshotId());
        for (String name : names) {
            store.put("deleted/" + name, store.get(name));
            store.delete(name);
        }
    }

    private void assertRestoresAndVerifies(Repository repo, BackupResult point, Path source) throws Exception {
        Path out = work.resolve("restore-" + point.snapshotId().substring(0, 8));
        var result = new Restorer(repo).restore(new Restorer.Options(point.snapshotId(), List.of(), out, 2));
        assertThat(result.problems()).isEmpty();
        SampleTree.assertSameTree(source, out.resolve(source.toString().substring(1)));
        assertThat(new Verifier(repo).verify(true, 2).problems()).isEmpty();
    }
}
