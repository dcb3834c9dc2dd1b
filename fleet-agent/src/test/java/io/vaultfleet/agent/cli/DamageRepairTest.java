package io.vaultfleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.SampleTree;
import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.FileOpener;
import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.PackReader;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.agent.store.FolderStore;

/**
 * The damage suite (issue 15): each way storage can be damaged is followed by {@code verify} (names it),
 * {@code repair} (says what it did and what is lost), {@code verify} clean, and a restore of everything that survives,
 * compared byte for byte, all through the command line on a folder repository.
 * <p>
 * Two backups: the first of {@code early/} (small files and a 3 MiB file), the second adds {@code late.bin}; the
 * second run's packs hold only {@code late.bin}'s chunks, so damaging them costs exactly that file.
 */
class DamageRepairTest {
    @TempDir
    Path work;

    Path source;
    Path repoDir;
    FolderStore store;
    String first;
    String second;
    /** Packs the second backup added (only late.bin's chunks). */
    Set<String> latePacks;
    /** What the first backup saw, before late.bin existed. */
    java.util.Map<String, String> firstState;
    /** late.bin's chunks in file order, with their plaintext lengths, and its bytes. */
    List<java.util.Map.Entry<ChunkId, Integer>> lateChunks;
    byte[] lateBytes;

    @BeforeEach
    void twoBackups() throws Exception {
        source = work.resolve("src");
        Files.createDirectories(source.resolve("early/docs"));
        for (int i = 0; i < 12; i++) {
            Files.writeString(source.resolve("early/docs/f" + i + ".txt"), "content " + i + "\n".repeat(i));
        }
        Files.write(source.resolve("early/medium.bin"), SampleTree.random(3 * 1024 * 1024, 11));
        repoDir = work.resolve("repo");
        store = new FolderStore(repoDir);
        Repository repo = Repository.init(store, RoundTripScenario.PASSPHRASE, RoundTripScenario.CHEAP_KDF, "h");
        first = new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run().snapshotId();
        firstState = SampleTree.describe(source);
        Set<String> before = new HashSet<>(repo.storedPacks().keySet());
        Files.write(source.resolve("late.bin"), SampleTree.random(2 * 1024 * 1024, 12));
        second = new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run().snapshotId();
        latePacks = new HashSet<>(repo.storedPacks().keySet());
        latePacks.removeAll(before);
        assertThat(latePacks).isNotEmpty();
        Index index = repo.loadIndex().index();
        Snapshot.Node late = repo.readSnapshot(second).nodes().stream().filter(n -> n.path().endsWith("/late.bin"))
                .findFirst().orElseThrow();
        lateChunks = late.chunks().stream().map(c -> java.util.Map.entry(c, index.lookup(c).plainLength())).toList();
        lateBytes = Files.readAllBytes(source.resolve("late.bin"));
        Files.writeString(work.resolve("pass"), new String(RoundTripScenario.PASSPHRASE));
    }

    CliRunner cli(String command, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(command.split(" ")));
        all.addAll(List.of("--repo", "folder:" + repoDir, "--passphrase-file", work.resolve("pass").toString(),
                "--home", work.resolve("home").toString()));
        all.addAll(List.of(args));
        return CliRunner.run(all.toArray(String[]::new));
    }

    CliRunner verifyFinds(String... expected) {
        CliRunner verify = cli("verify", "--read-data");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(ExitCodes.DAMAGED);
        assertThat(verify.out() + verify.err()).contains(expected);
        return verify;
    }

    CliRunner repair(int expectedCode, String... expected) {
        return repairWith(List.of(), expectedCode, expected);
    }

    CliRunner repairWith(List<String> options, int expectedCode, String... expected) {
        List<String> args = new java.util.ArrayList<>(List.of("--temp-min-age", "1"));
        args.addAll(options);
        CliRunner repair = cli("repair", args.toArray(String[]::new));
        assertThat(repair.exitCode()).as(repair.out() + repair.err()).isEqualTo(expectedCode);
        assertThat(repair.out()).contains(expected);
        return repair;
    }

    void verifyClean() {
        CliRunner verify = cli("verify", "--read-data");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("no problems found");
    }

    /** Restores a point with the CLI and returns the restored copy of {@code source}. */
    Path restore(String point, String folder, int expectedCode) {
        CliRunner restore = cli("restore " + point, "--target", work.resolve(folder).toString());
        assertThat(restore.exitCode()).as(restore.out() + restore.err()).isEqualTo(expectedCode);
        return work.resolve(folder).resolve(source.toString().substring(1));
    }

    Path packFile(String id) {
        return repoDir.resolve(PackReader.blobName(id));
    }

    @Test
    void aMissingConfigIsRecreatedNeverReinitialised() throws Exception {
        Files.delete(repoDir.resolve("config"));
        CliRunner verify = cli("verify");
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.DAMAGED);
        assertThat(verify.err()).contains("config", "is missing", "fleet-agent repair").doesNotContain("init");
        CliRunner list = cli("list");
        assertThat(list.err()).contains("fleet-agent repair").doesNotContain("init");

        CliRunner init = cli("init", "--kdf-memory", "1024", "--kdf-iterations", "1");
        assertThat(init.exitCode()).isNotZero();
        assertThat(init.err()).contains("refusing", "key file(s)", "pack(s)", "fleet-agent repair");
        try (Stream<Path> keys = Files.list(repoDir.resolve("keys"))) {
            assertThat(keys.count()).as("init wrote no second master key").isEqualTo(1);
        }
        assertThat(repoDir.resolve("config")).doesNotExist();

        repair(ExitCodes.OK, "recreated config", "gear seed");
        verifyClean();
        SampleTree.assertSameTree(source, restore("latest", "out", 0));
        assertThat(SampleTree.describe(restore(first, "out-first", 0))).isEqualTo(firstState);

        // backups go on into the same repository, with the same master key
        Files.writeString(source.resolve("after-repair.txt"), "after");
        CliRunner backup = cli("backup", source.toString());
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        SampleTree.assertSameTree(source, restore("latest", "out-after", 0));
        verifyClean();
    }

    @Test
    void initRefusesALocationHoldingOnlyPacks() throws Exception {
        Path other = work.resolve("other");
        Files.createDirectories(other.resolve("packs/ab"));
        Files.write(other.resolve("packs/ab/ab" + "0".repeat(62)), new byte[100]);
        CliRunner init = CliRunner.run("init", "--repo", "folder:" + other, "--passphrase-file",
                work.resolve("pass").toString(), "--kdf-memory", "1024", "--kdf-iterations", "1");
        assertThat(init.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(init.err()).contains("1 pack(s)", "fleet-agent repair");
        assertThat(other.resolve("config")).doesNotExist();
        assertThat(other.resolve("keys")).doesNotExist();
    }

    @Test
    void aTruncatedAndAGarbledIndexAreReplacedAndSetAside() throws Exception {
        List<Path> indexes;
        try (Stream<Path> files = Files.list(repoDir.resolve("index"))) {
            indexes = files.sorted().toList();
        }
        assertThat(indexes).hasSizeGreaterThanOrEqualTo(2);
        byte[] whole = Files.readAllBytes(indexes.get(0));
        Files.write(indexes.get(0), java.util.Arrays.copyOf(whole, whole.length / 2));
        byte[] garbled = Files.readAllBytes(indexes.get(1));
        garbled[garbled.length / 2] ^= 0x40;
        Files.write(indexes.get(1), garbled);

        verifyFinds("fails authentication", "repair index");
        repair(ExitCodes.OK, "indexing", "quarantine/index/");
        verifyClean();
        // nothing readable was deleted: the damaged files are kept, byte for byte, under quarantine/
        assertThat(repoDir.resolve("quarantine/index").resolve(indexes.get(1).getFileName())).hasBinaryContent(garbled);
        SampleTree.assertSameTree(source, restore(second, "out", 0));
        assertThat(SampleTree.describe(restore(first, "out-first", 0))).isEqualTo(firstState);
        assertThat(cli("repair").out()).contains("nothing to repair");
    }

    @Test
    void aDeletedPackCostsOnlyTheFileItHeld() throws Exception {
        for (String pack : latePacks) {
            Files.delete(packFile(pack));
        }
        verifyFinds("is missing", "late.bin");
        CliRunner repair = repair(ExitCodes.PARTIAL, "in place of " + second.substring(0, 12));
        assertThat(repair.out()).contains("lost: recovery point " + second.substring(0, 12), "late.bin",
                "left out of the repaired recovery point");
        verifyClean();
        assertEverythingThatSurvivesRestores();
    }

    @Test
    void aTruncatedPackKeepsItsReadableChunksAndIsSetAside() throws Exception {
        String pack = latePacks.iterator().next();
        byte[] whole = Files.readAllBytes(packFile(pack));
        Files.write(packFile(pack), java.util.Arrays.copyOf(whole, whole.length - 1000));
        verifyFinds("pack " + pack + " is truncated");
        repair(ExitCodes.PARTIAL, "pack " + pack.substring(0, 12) + ": pack " + pack + " has an invalid header length",
                "known chunk(s) lost", "quarantine/packs/", "late.bin");
        verifyClean();
        assertThat(repoDir.resolve("quarantine").resolve(PackReader.blobName(pack)))
                .hasSize(whole.length - 1000);
        assertEverythingThatSurvivesRestores();
    }

    @Test
    void aFlippedByteInAPackCostsOnlyItsChunkWithReadData() throws Exception {
        String pack = latePacks.iterator().next();
        byte[] bytes = Files.readAllBytes(packFile(pack));
        bytes[100] ^= 0x04;
        Files.write(packFile(pack), bytes);
        verifyFinds("1 of", "fail authentication", "late.bin");
        repairWith(List.of("--read-data"), ExitCodes.PARTIAL, "1 of", "chunk(s) fail authentication",
                "quarantine/packs/", "late.bin", lateChunks.size() == 1 ? "all 1 chunk(s)"
                        : "1 of " + lateChunks.size() + " chunk(s) lost");
        verifyClean();
        assertEverythingThatSurvivesRestores();
    }

    /**
     * latest (the repaired second point) restores everything but the chunks of late.bin that are gone: late.bin
     * holds exactly its surviving chunks in order (absent when none survive); the first point restores whole.
     */
    void assertEverythingThatSurvivesRestores() throws IOException {
        Index after = Repository.open(store, RoundTripScenario.PASSPHRASE).loadIndex().index();
        java.io.ByteArrayOutputStream surviving = new java.io.ByteArrayOutputStream();
        int position = 0;
        for (var chunk : lateChunks) {
            if (after.contains(chunk.getKey())) {
                surviving.write(lateBytes, position, chunk.getValue());
            }
            position += chunk.getValue();
        }
        assertThat(surviving.size()).as("some of late.bin is lost").isLessThan(lateBytes.length);
        Path out = restore("latest", "out", 0);
        if (surviving.size() == 0) {
            assertThat(out.resolve("late.bin")).doesNotExist();
        } else {
            assertThat(out.resolve("late.bin")).hasBinaryContent(surviving.toByteArray());
        }
        java.util.Map<String, String> restored = new java.util.TreeMap<>(SampleTree.describe(out));
        restored.remove("late.bin");
        assertThat(restored).isEqualTo(firstState);
        assertThat(SampleTree.describe(restore(first, "out-first", 0))).isEqualTo(firstState);
    }

    @Test
    void aGarbledRecoveryPointHeaderHidesNoOtherPoint() throws Exception {
        Path blob = repoDir.resolve("snapshots").resolve(second);
        byte[] bytes = Files.readAllBytes(blob);
        bytes[10] ^= 0x01;
        Files.write(blob, bytes);

        CliRunner list = cli("list");
        assertThat(list.exitCode()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(list.out()).contains(first.substring(0, 12)).doesNotContain(second.substring(0, 12));
        assertThat(list.err()).contains("recovery point " + second + " skipped", "fails authentication");
        // latest is the newest point that reads, and the damaged one is named
        List<String> warnings = new java.util.ArrayList<>();
        assertThat(Repository.open(store, RoundTripScenario.PASSPHRASE).resolveSnapshot("latest", warnings::add))
                .isEqualTo(first);
        assertThat(warnings).singleElement().asString().contains("recovery point " + second + " skipped",
                "fleet-agent repair");
        assertThat(SampleTree.describe(restore("latest", "out-latest", 0))).isEqualTo(firstState);

        verifyFinds("snapshot " + second + " fails authentication");
        repair(ExitCodes.PARTIAL, "quarantine/snapshots/" + second, "lost: recovery point " + second.substring(0, 12));
        verifyClean();
        CliRunner after = cli("list");
        assertThat(after.exitCode()).isZero();
        assertThat(after.err()).isEmpty();
        assertThat(SampleTree.describe(restore(first, "out-first", 0))).isEqualTo(firstState);
    }

    @Test
    void orphanTemporaryFilesAreReportedAndRemovedAndACompleteOneIsFinished() throws Exception {
        String pack = latePacks.iterator().next();
        Path packPath = packFile(pack);
        byte[] packBytes = Files.readAllBytes(packPath);
        // a crash between fsync and rename: the whole pack under its temporary name only
        Path complete = packPath.resolveSibling(pack + ".tmp-1111");
        Files.move(packPath, complete);
        Path partial = packPath.resolveSibling("ff".repeat(32) + ".tmp-2222");
        Files.write(partial, java.util.Arrays.copyOf(packBytes, 5000));
        Path fresh = packPath.resolveSibling("ee".repeat(32) + ".tmp-3333");
        Files.write(fresh, new byte[700]);
        FileTime old = FileTime.from(Instant.now().minusSeconds(3 * 3600));
        Files.setLastModifiedTime(complete, old);
        Files.setLastModifiedTime(partial, old);

        CliRunner verify = cli("verify");
        assertThat(verify.out()).contains("3 temporary file(s) of unfinished writes, "
                + (packBytes.length + 5000 + 700) + " bytes");
        CliRunner repair = cli("repair");
        assertThat(repair.exitCode()).as(repair.out()).isZero();
        assertThat(repair.out()).contains("completed the interrupted write of " + PackReader.blobName(pack),
                "removed 1 temporary file(s) of unfinished writes (5000 bytes)", "left 1 temporary file(s) younger");
        assertThat(packPath).hasBinaryContent(packBytes);
        assertThat(partial).doesNotExist();
        assertThat(fresh).exists();
        verifyClean();
        SampleTree.assertSameTree(source, restore("latest", "out", 0));
    }

    @Test
    void aGarbageKeyFileBesideAGoodOneIsSetAside() throws Exception {
        Files.write(repoDir.resolve("keys").resolve("00".repeat(32)), "{ not a key".getBytes());
        verifyFinds("does not parse");
        repair(ExitCodes.OK, "quarantine/keys/");
        verifyClean();
        SampleTree.assertSameTree(source, restore("latest", "out", 0));
    }

    @Test
    void anUndamagedRepositoryNeedsNoRepair() throws Exception {
        verifyClean();
        CliRunner repair = cli("repair");
        assertThat(repair.exitCode()).isZero();
        assertThat(repair.out()).contains("nothing to repair");
        try (Stream<Path> files = Files.list(repoDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("config", "keys", "packs", "index", "snapshots");
        }
    }
}
