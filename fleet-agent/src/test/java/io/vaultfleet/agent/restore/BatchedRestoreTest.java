package io.vaultfleet.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.FileOpener;
import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.FolderStore;

/**
 * A tree of several restore batches ({@link RestorePlan#BATCH_NODES} nodes each): folders nested across batch
 * boundaries keep the times they were backed up with (their metadata is set after the batch holding their last
 * entry), a hard link whose first path was written batches earlier is a link to it, a sibling whose name extends a
 * folder's ({@code d01 x} after {@code d01/...}) is restored, and a selected path restores only its part.
 */
class BatchedRestoreTest {
    static final int FOLDERS = 3;
    static final int FILES_PER_FOLDER = 3_000;
    static final Instant OLD = Instant.parse("2001-02-03T04:05:06.123456789Z");

    @TempDir
    static Path work;
    static Path source;
    static FolderStore store;
    static String snapshotId;

    @BeforeAll
    static void backUp() throws Exception {
        source = work.resolve("src");
        for (int d = 0; d < FOLDERS; d++) {
            Path folder = Files.createDirectories(source.resolve(String.format("d%02d/inner", d)));
            for (int f = 0; f < FILES_PER_FOLDER; f++) {
                Files.writeString(folder.resolve("f" + f), "file " + d + "/" + f, StandardCharsets.US_ASCII);
            }
            Files.writeString(source.resolve(String.format("d%02d x", d)), "sibling " + d);
        }
        // first path in the first batch, the further path in the last folder, two batches later
        Files.createLink(source.resolve("d02/inner/linked"), source.resolve("d00/inner/f7"));
        for (int d = 0; d < FOLDERS; d++) {
            Files.setLastModifiedTime(source.resolve(String.format("d%02d/inner", d)), FileTime.from(OLD));
            Files.setLastModifiedTime(source.resolve(String.format("d%02d", d)), FileTime.from(OLD.plusSeconds(d)));
        }
        store = new FolderStore(work.resolve("repo"));
        Repository repo = Repository.init(store, RoundTripScenario.PASSPHRASE, RoundTripScenario.CHEAP_KDF, "h");
        snapshotId = new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run().snapshotId();
    }

    static RestoreResult restore(List<String> includes, Path out) throws Exception {
        return new Restorer(Repository.open(store, RoundTripScenario.PASSPHRASE))
                .restore(new Restorer.Options(snapshotId, includes, out, 3));
    }

    @Test
    void aTreeOfSeveralBatchesComesBackWithFolderTimesAndLinks() throws Exception {
        Path out = work.resolve("out");
        RestoreResult result = restore(List.of(), out);
        assertThat(result.problems()).isEmpty();
        assertThat(result.incompleteFiles()).isEmpty();
        long expected = (long) FOLDERS * (FILES_PER_FOLDER + 1) + 1;
        assertThat(result.files()).isEqualTo(expected);
        assertThat(expected).isGreaterThan(2L * RestorePlan.BATCH_NODES);
        Path root = out.resolve(source.toString().substring(1));
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(Files::isRegularFile).count()).isEqualTo(expected);
        }
        for (int d = 0; d < FOLDERS; d++) {
            assertThat(Files.getLastModifiedTime(root.resolve(String.format("d%02d/inner", d)),
                    LinkOption.NOFOLLOW_LINKS).toInstant()).isEqualTo(OLD);
            assertThat(Files.getLastModifiedTime(root.resolve(String.format("d%02d", d)),
                    LinkOption.NOFOLLOW_LINKS).toInstant()).isEqualTo(OLD.plusSeconds(d));
            assertThat(root.resolve(String.format("d%02d x", d))).hasContent("sibling " + d);
            assertThat(root.resolve(String.format("d%02d/inner/f2999", d))).hasContent("file " + d + "/2999");
        }
        Object first = Files.getAttribute(root.resolve("d00/inner/f7"), "unix:ino");
        assertThat(Files.getAttribute(root.resolve("d02/inner/linked"), "unix:ino")).isEqualTo(first);
        assertThat(root.resolve("d02/inner/linked")).hasContent("file 0/7");
    }

    @Test
    void aSelectedFolderRestoresOnlyItsPart() throws Exception {
        Path out = work.resolve("part");
        RestoreResult result = restore(List.of(source.resolve("d01").toString()), out);
        assertThat(result.problems()).isEmpty();
        assertThat(result.files()).isEqualTo(FILES_PER_FOLDER);
        Path root = out.resolve(source.toString().substring(1));
        assertThat(root.resolve("d01/inner/f0")).hasContent("file 1/0");
        assertThat(root.resolve("d01 x")).doesNotExist();
        assertThat(root.resolve("d00")).doesNotExist();
        assertThat(Files.getLastModifiedTime(root.resolve("d01")).toInstant()).isEqualTo(OLD.plusSeconds(1));
    }

    @Test
    void aDeferredFolderIsClosedOnlyWhenTheStreamLeavesIt() {
        assertThat(DeferredDirectories.inside("/a/x", "/a")).isTrue();
        assertThat(DeferredDirectories.inside("/a x", "/a")).isFalse();
        assertThat(DeferredDirectories.inside("/a", "/a")).isFalse();
        assertThat(DeferredDirectories.inside("/ab", "/a")).isFalse();
        assertThat(DeferredDirectories.inside("/a", "/")).isTrue();
        assertThat(DeferredDirectories.inside("C:\\data\\f", "C:\\data")).isTrue();
        assertThat(DeferredDirectories.inside("C:\\f", "C:\\")).isTrue();
    }
}
