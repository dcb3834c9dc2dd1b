package io.vaultfleet.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.FileOpener;
import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.protocol.ConflictPolicy;

/** The wizard's *on conflict* choices and *restore permissions*, on a restore over files that exist. */
class ConflictPoliciesTest {
    @TempDir
    Path work;

    Path source;
    Path out;
    Path restoredA;
    Repository repo;
    final List<String> skipped = new ArrayList<>();
    final RestoreListener listener = new RestoreListener() {
        @Override
        public void skipped(String path, String reason) {
            skipped.add(path + " | " + reason);
        }
    };

    @BeforeEach
    void backUpThenPutSomethingWhereItGoes() throws Exception {
        source = work.resolve("src");
        Files.createDirectories(source.resolve("sub"));
        Files.writeString(source.resolve("a.txt"), "from the backup");
        Files.writeString(source.resolve("sub/new.txt"), "new");
        Files.writeString(source.resolve("noext"), "plain");
        Files.setPosixFilePermissions(source.resolve("a.txt"), PosixFilePermissions.fromString("rw-------"));
        repo = Repository.init(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE,
                RoundTripScenario.CHEAP_KDF, "h");
        new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run();
        out = work.resolve("out");
        restoredA = Restorer.destination(source.resolve("a.txt").toString(), out);
        Files.createDirectories(restoredA.getParent());
        Files.writeString(restoredA, "already here");
        Files.writeString(restoredA.resolveSibling("noext"), "already here too");
    }

    private RestoreResult restore(ConflictPolicy policy, boolean permissions) throws Exception {
        return new Restorer(repo).restore(new Restorer.Options("latest", List.of(), out, 2, policy, permissions,
                listener));
    }

    @Test
    void createCopiesKeepsTheExistingAndNumbersTheRestoredOnesOnEveryRun() throws Exception {
        restore(ConflictPolicy.CREATE_COPIES, true);
        assertThat(restoredA).hasContent("already here");
        assertThat(restoredA.resolveSibling("a (restored 1).txt")).hasContent("from the backup");
        assertThat(restoredA.resolveSibling("noext (restored 1)")).hasContent("plain");
        assertThat(restoredA.resolveSibling("sub/new.txt")).as("no conflict: its own name").hasContent("new");

        restore(ConflictPolicy.CREATE_COPIES, true);
        assertThat(restoredA.resolveSibling("a (restored 2).txt")).hasContent("from the backup");
        assertThat(restoredA.resolveSibling("sub/new (restored 1).txt")).hasContent("new");
        assertThat(skipped).isEmpty();
    }

    @Test
    void linksConflictLikeFilesAndASkippedLinkKeepsItsOwnTarget() throws Exception {
        Files.createSymbolicLink(source.resolve("link"), Path.of("a.txt"));
        new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run();
        Path link = restoredA.resolveSibling("link");
        Files.createSymbolicLink(link, Path.of("somewhere-else"));

        restore(ConflictPolicy.SKIP, true);
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("somewhere-else"));
        assertThat(skipped).anyMatch(s -> s.startsWith(source.resolve("link") + " | already exists"));

        restore(ConflictPolicy.CREATE_COPIES, true);
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("somewhere-else"));
        assertThat(Files.readSymbolicLink(link.resolveSibling("link (restored 1)"))).isEqualTo(Path.of("a.txt"));
        assertThat(Files.getLastModifiedTime(link.resolveSibling("link (restored 1)"),
                java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("its own time, set on the copy")
                .isEqualTo(Files.getLastModifiedTime(source.resolve("link"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void overwriteReplacesTheExisting() throws Exception {
        restore(ConflictPolicy.OVERWRITE, true);
        assertThat(restoredA).hasContent("from the backup");
        assertThat(restoredA.resolveSibling("noext")).hasContent("plain");
        try (var files = Files.list(restoredA.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.txt", "noext", "sub");
        }
    }

    @Test
    void skipKeepsTheExistingAndListsEachItemWithTheReason() throws Exception {
        RestoreResult result = restore(ConflictPolicy.SKIP, true);
        assertThat(restoredA).hasContent("already here");
        assertThat(restoredA.resolveSibling("noext")).hasContent("already here too");
        assertThat(restoredA.resolveSibling("sub/new.txt")).hasContent("new");
        assertThat(skipped).containsExactlyInAnyOrder(
                source.resolve("a.txt") + " | already exists at " + restoredA + " (on conflict: do not recover)",
                source.resolve("noext") + " | already exists at " + restoredA.resolveSibling("noext")
                        + " (on conflict: do not recover)");
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void withoutPermissionsTheDestinationsDefaultsApplyButContentAndTimesComeBack() throws Exception {
        Files.delete(restoredA);
        restore(ConflictPolicy.OVERWRITE, false);
        assertThat(restoredA).hasContent("from the backup");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restoredA)))
                .as("not the backed-up rw-------").isNotEqualTo("rw-------");
        assertThat(Files.getLastModifiedTime(restoredA)).isEqualTo(Files.getLastModifiedTime(source.resolve("a.txt")));

        Files.delete(restoredA);
        restore(ConflictPolicy.OVERWRITE, true);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restoredA))).isEqualTo("rw-------");
    }

    @Test
    void progressCountsFilesAndBytesUpToTheTotal() throws Exception {
        List<long[]> seen = new ArrayList<>();
        new Restorer(repo).restore(new Restorer.Options("latest", List.of(), work.resolve("fresh"), 1,
                ConflictPolicy.OVERWRITE, true, new RestoreListener() {
                    @Override
                    public synchronized void progress(long filesDone, long bytesDone, long bytesTotal) {
                        seen.add(new long[] {filesDone, bytesDone, bytesTotal});
                    }
                }));
        long total = "from the backup".length() + "new".length() + "plain".length();
        assertThat(seen).isNotEmpty();
        assertThat(seen.getLast()).containsExactly(3, total, total);
        assertThat(seen).allSatisfy(p -> assertThat(p[1]).isLessThanOrEqualTo(p[2]));
    }
}
