package io.vaultfleet.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.SampleTree;
import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.FileOpener;
import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.PackReader;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.agent.verify.Verifier;
import io.vaultfleet.agent.verify.VerifyReport;

/**
 * Damage the repository the ways storage can (a flipped byte, a lost pack, a truncated index) and check that verify
 * and restore name exactly what is affected, and that everything else still restores.
 */
class TamperTest {
    @TempDir
    Path work;

    Path source;
    FolderStore store;
    Repository repo;
    String snapshotId;
    /** The pack holding the incompressible 5 MiB file (and nothing of the small files). */
    String randomPack;

    @BeforeEach
    void backUp() throws Exception {
        source = work.resolve("src");
        Files.createDirectories(source.resolve("small"));
        // five packs' worth: the walk and the sealers run in parallel, so the small files' chunks may land in any
        // pack that is filling while they are read; with 20 MiB (two packs) they sometimes landed in both, and no
        // pack held big.bin alone
        Files.write(source.resolve("big.bin"), SampleTree.random(72 * 1024 * 1024, 5));
        for (int i = 0; i < 20; i++) {
            Files.writeString(source.resolve("small/f" + i + ".txt"), "content " + i);
        }
        store = new FolderStore(work.resolve("repo"));
        repo = Repository.init(store, RoundTripScenario.PASSPHRASE, RoundTripScenario.CHEAP_KDF, "h");
        snapshotId = new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run().snapshotId();
        Index index = repo.loadIndex().index();
        var snapshot = repo.readSnapshot(snapshotId);
        var big = snapshot.nodes().stream().filter(n -> n.path().endsWith("big.bin")).findFirst().orElseThrow();
        var smallPacks = snapshot.nodes().stream().filter(n -> n.path().contains("/small/"))
                .flatMap(n -> n.chunks().stream()).map(c -> index.lookup(c).packId())
                .toList();
        randomPack = big.chunks().stream().map(c -> index.lookup(c).packId())
                .filter(p -> !smallPacks.contains(p)).findFirst().orElseThrow();
    }

    Path packFile(String id) {
        return store.root().resolve(PackReader.blobName(id));
    }

    RestoreResult restore() throws Exception {
        return new Restorer(Repository.open(store, RoundTripScenario.PASSPHRASE))
                .restore(new Restorer.Options(snapshotId, List.of(), work.resolve("out"), 2));
    }

    /** The damaged file is not left under its own name looking complete: it has the marked name, and is listed. */
    void assertMarkedIncomplete(RestoreResult result) {
        Path out = work.resolve("out").resolve(source.toString().substring(1));
        assertThat(result.incompleteFiles()).containsExactly(source.resolve("big.bin").toString());
        assertThat(out.resolve("big.bin")).doesNotExist();
        assertThat(out.resolve("big.bin" + Restorer.INCOMPLETE_SUFFIX)).isRegularFile();
    }

    void assertSmallFilesRestored() throws Exception {
        Path out = work.resolve("out").resolve(source.toString().substring(1));
        for (int i = 0; i < 20; i++) {
            assertThat(out.resolve("small/f" + i + ".txt")).hasContent("content " + i);
        }
    }

    @Test
    void aFlippedByteInAPackIsFoundByReadDataAndNamesTheFile() throws Exception {
        byte[] pack = Files.readAllBytes(packFile(randomPack));
        pack[1000] ^= 0x01;
        Files.write(packFile(randomPack), pack);

        VerifyReport structure = new Verifier(repo).verify(false, 2);
        assertThat(structure.problems()).isEmpty();
        VerifyReport data = new Verifier(repo).verify(true, 2);
        assertThat(data.problems()).anySatisfy(p -> assertThat(p).contains(randomPack)
                .contains("content does not match its name"));
        assertThat(data.problems()).anySatisfy(p -> assertThat(p).contains(randomPack)
                .contains("1 of").contains("fail authentication").contains("big.bin").doesNotContain("f1.txt"));

        RestoreResult result = restore();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.what()).contains(randomPack).contains("fail authentication");
            assertThat(p.affectedFiles()).containsExactly(source.resolve("big.bin").toString());
        });
        assertMarkedIncomplete(result);
        assertSmallFilesRestored();
    }

    @Test
    void aDeletedPackIsReportedWithTheFilesThatNeedIt() throws Exception {
        Files.delete(packFile(randomPack));
        VerifyReport report = new Verifier(repo).verify(false, 2);
        assertThat(report.problems()).singleElement().satisfies(p -> assertThat(p)
                .contains("pack " + randomPack + " is missing").contains("big.bin"));

        RestoreResult result = restore();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.what()).isEqualTo("pack " + randomPack + " is missing");
            assertThat(p.affectedFiles()).containsExactly(source.resolve("big.bin").toString());
        });
        assertMarkedIncomplete(result);
        assertSmallFilesRestored();
    }

    @Test
    void aTruncatedIndexIsNamedAndRestoreFallsBackToPackHeaders() throws Exception {
        String indexName = repo.indexNames().get(0);
        Path indexFile = store.root().resolve(indexName);
        byte[] bytes = Files.readAllBytes(indexFile);
        Files.write(indexFile, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        VerifyReport report = new Verifier(repo).verify(false, 2);
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains(indexName).contains("truncated or tampered"));
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("in no readable index")
                .contains(randomPack.substring(0, 12)));

        RestoreResult result = restore();
        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains(indexName));
        SampleTree.assertSameTree(source, work.resolve("out").resolve(source.toString().substring(1)));
    }

    /**
     * A file whose chunks are in no index and no pack is known incomplete before anything is written: a restore over
     * the original location writes it under the marked name only, and the file that is there stays as it was.
     */
    @Test
    void aFileKnownIncompleteNeverReplacesTheOriginal() throws Exception {
        for (String name : repo.indexNames()) {
            Path indexFile = store.root().resolve(name);
            byte[] bytes = Files.readAllBytes(indexFile);
            Files.write(indexFile, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        }
        Files.delete(packFile(randomPack));
        byte[] original = Files.readAllBytes(source.resolve("big.bin"));

        RestoreResult result = new Restorer(Repository.open(store, RoundTripScenario.PASSPHRASE))
                .restore(new Restorer.Options(snapshotId, List.of(), null, 2));
        assertThat(result.problems()).anySatisfy(p -> {
            assertThat(p.what()).contains("in no index and no readable pack");
            assertThat(p.affectedFiles()).containsExactly(source.resolve("big.bin").toString());
        });
        assertThat(result.incompleteFiles()).containsExactly(source.resolve("big.bin").toString());
        assertThat(source.resolve("big.bin")).hasBinaryContent(original);
        assertThat(source.resolve("big.bin" + Restorer.INCOMPLETE_SUFFIX)).isRegularFile();
        for (int i = 0; i < 20; i++) {
            assertThat(source.resolve("small/f" + i + ".txt")).hasContent("content " + i);
        }
    }
}
