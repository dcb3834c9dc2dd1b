package io.vaultfleet.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.agent.repo.Version2Snapshots;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.agent.verify.Verifier;

/**
 * Recovery points written before decision 019 (snapshot version 2) stay readable, and the one they could hold twice
 * (two names that became U+FFFD) is reported by verify and by restore instead of one file silently replacing the
 * other.
 */
class Version2RecoveryPointTest {
    @TempDir
    Path work;

    static Snapshot.Node node(String path, Snapshot.Type type, long mtime) {
        return new Snapshot.Node(path, type, type == Snapshot.Type.DIR ? 0755 : 0644, 0, 0, "root", "root", mtime,
                mtime, mtime, 1, 0, null, 0, List.of());
    }

    @Test
    void aVersion2PointRestoresAndItsRepeatedPathsAreReported() throws Exception {
        Repository repo = Repository.init(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE,
                RoundTripScenario.CHEAP_KDF, "h");
        String bad = "/src/bad_\uFFFD\uFFFD_name";
        Snapshot v2 = new Snapshot(2, "2026-01-02T03:04:05Z", "h", "files:/src", List.of("/src"), null,
                new Snapshot.Stats(3, 1, 0, 0, 0, 0, 0, 0, 0), List.of(), List.of(
                        node("/src", Snapshot.Type.DIR, 1_000_000_000L), node(bad, Snapshot.Type.FILE, 2_000_000_000L),
                        node(bad, Snapshot.Type.FILE, 3_000_000_000L), node("/src/ok", Snapshot.Type.FILE, 4_000_000_000L)));
        String id = Version2Snapshots.write(repo, v2);
        assertThat(repo.readSnapshot(id).version()).isEqualTo(2);
        assertThat(repo.readSnapshot(id).nodes()).isEqualTo(v2.nodes());

        assertThat(new Verifier(repo).verify(false, 1).problems()).singleElement().asString()
                .contains("1 path(s) appear more than once").contains(bad);

        Path out = work.resolve("out");
        RestoreResult result = new Restorer(repo).restore(new Restorer.Options(id, List.of(), out, 2));
        assertThat(result.complete()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.what()).contains("more than one entry");
            assertThat(p.affectedFiles()).containsExactly(bad);
        });
        assertThat(out.resolve("src/ok")).isRegularFile();
        // the first of the two is what was restored
        assertThat(Files.getLastModifiedTime(out.resolve("src/bad_\uFFFD\uFFFD_name")).toMillis()).isEqualTo(2_000L);
    }
}
