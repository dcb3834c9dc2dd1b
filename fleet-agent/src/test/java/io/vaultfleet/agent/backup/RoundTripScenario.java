package io.vaultfleet.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.vaultfleet.agent.SampleTree;
import io.vaultfleet.agent.repo.RepoConfig;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.restore.RestoreResult;
import io.vaultfleet.agent.restore.Restorer;
import io.vaultfleet.agent.source.FileSelection;
import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.verify.Verifier;

/** Backup, change, backup, restore both points, compare: shared by the folder and Azurite round-trip tests. */
public final class RoundTripScenario {
    public static final RepoConfig.KdfDefaults CHEAP_KDF = new RepoConfig.KdfDefaults("argon2id", 1024, 1, 1);
    public static final char[] PASSPHRASE = "a long enough test passphrase".toCharArray();

    private RoundTripScenario() {
    }

    public static BackupOptions options(Path source, Path cache, FileOpener opener) {
        return BackupOptions.defaults("files:" + source, "test-host", new FileSelection(List.of(source), List.of(),
                List.of()), cache).withOpener(opener);
    }

    public static void run(BlobStore store, Path work) throws Exception {
        Path source = work.resolve("source");
        Path cache = work.resolve("cache");
        SampleTree.create(source);
        Repository repo = Repository.init(store, PASSPHRASE, CHEAP_KDF, "test-host");

        BackupResult first = new Backup(repo, options(source, cache, FileOpener.DEFAULT)).run();
        assertThat(first.warnings()).isEmpty();
        assertThat(first.stats().files()).isEqualTo(56);
        // the duplicate 5 MiB file is stored once
        assertThat(first.stats().newBytes()).isLessThan(first.stats().totalBytes() - 5 * 1024 * 1024 + 1);
        Map<String, String> firstState = SampleTree.describe(source);

        // change: rewrite one file, add one, delete one, touch permissions of another
        byte[] changed = SampleTree.random(3 * 1024 * 1024, 7);
        Files.write(source.resolve("random.bin"), changed);
        Files.writeString(source.resolve("docs/new.txt"), "new file\n");
        Files.delete(source.resolve("docs/nested/small-3.txt"));
        Files.setLastModifiedTime(source.resolve("docs/new.txt"), FileTime.fromMillis(1_700_000_000_000L));

        Set<Path> opened = ConcurrentHashMap.newKeySet();
        Repository reopened = Repository.open(store, PASSPHRASE);
        BackupResult second = new Backup(reopened, options(source, cache, file -> {
            opened.add(file);
            return Files.newInputStream(file);
        })).run();
        // unchanged files are recognised from metadata, not read
        assertThat(opened).containsExactlyInAnyOrder(source.resolve("random.bin"), source.resolve("docs/new.txt"));
        assertThat(second.stats().newBytes()).isLessThanOrEqualTo(changed.length + 9);
        assertThat(second.catalog().packIds()).isNotEmpty();
        assertThat(second.catalog().recoveryPointId()).isEqualTo(second.snapshotId());

        Restorer restorer = new Restorer(reopened);
        Path out2 = work.resolve("restore-2");
        RestoreResult r2 = restorer.restore(new Restorer.Options(second.snapshotId(), List.of(), out2, 3));
        assertThat(r2.problems()).isEmpty();
        SampleTree.assertSameTree(source, out2.resolve(source.toString().substring(1)));

        Path out1 = work.resolve("restore-1");
        RestoreResult r1 = new Restorer(reopened).restore(new Restorer.Options(first.snapshotId(), List.of(), out1, 3));
        assertThat(r1.problems()).isEmpty();
        assertThat(SampleTree.describe(out1.resolve(source.toString().substring(1)))).isEqualTo(firstState);

        // selected path only
        Path out3 = work.resolve("restore-3");
        new Restorer(reopened).restore(new Restorer.Options(second.snapshotId(), List.of(source + "/docs/nested"), out3, 2));
        Path base = out3.resolve(source.toString().substring(1));
        assertThat(Files.exists(base.resolve("docs/nested/small-4.txt"))).isTrue();
        assertThat(Files.exists(base.resolve("random.bin"))).isFalse();

        assertThat(new Verifier(reopened).verify(true, 2).problems()).isEmpty();
    }

    static void touch(Path p) throws IOException {
        Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis()));
    }
}
