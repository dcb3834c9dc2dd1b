package io.vaultfleet.agent.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.luben.zstd.Zstd;

import io.vaultfleet.agent.store.FolderStore;

class SnapshotCodecTest {
    static Snapshot sample(int files) {
        List<Snapshot.Node> nodes = new ArrayList<>();
        nodes.add(new Snapshot.Node("/srv", Snapshot.Type.DIR, 0755, 0, 0, "root", "root", 1, 2, 3, 10, 0, null, 0,
                List.of()));
        for (int i = 0; i < files; i++) {
            List<String> chunks = new ArrayList<>();
            for (int c = 0; c < i % 4; c++) {
                chunks.add(String.format("%064x", i * 10L + c));
            }
            nodes.add(new Snapshot.Node("/srv/d" + (i / 100) + "/f\u00fc" + i, Snapshot.Type.FILE, 0640 | (i % 2) * 04000,
                    1000 + i % 3, -1, i % 5 == 0 ? null : "user" + i % 3, "", -5L + i, Long.MAX_VALUE - i,
                    Long.MIN_VALUE + i, 1L << 40 | i, 1000L * i, null, 0, List.copyOf(chunks)));
        }
        nodes.add(new Snapshot.Node("/srv/z-link", Snapshot.Type.SYMLINK, 0777, 0, 0, "root", "root", 1, 1, 1, 11, 0,
                "/somewhere/else", 0, List.of()));
        nodes.add(new Snapshot.Node("/srv/z-tty", Snapshot.Type.CHAR_DEVICE, 0620, 0, 5, "root", "tty", 1, 1, 1, 12, 0,
                null, (4L << 8) | 1, List.of()));
        return new Snapshot(Snapshot.VERSION, "2026-11-25T10:00:00.123456Z", "host", "files:/srv", List.of("/srv"),
                "ab".repeat(32), new Snapshot.Stats(files, 1, 2, 3, 4, 5, 6, 7, 8), List.of("01".repeat(32),
                        "02".repeat(32)), List.copyOf(nodes));
    }

    @Test
    void everyFieldOfEveryNodeSurvivesTheRoundTrip() {
        Snapshot s = sample(1000);
        assertThat(SnapshotCodec.decode(SnapshotCodec.encode(s), true)).isEqualTo(s);
    }

    @Test
    void theHeaderAloneCarriesEverythingButTheNodes() {
        Snapshot s = sample(50);
        Snapshot header = SnapshotCodec.decode(SnapshotCodec.encode(s), false);
        assertThat(header.nodes()).isEmpty();
        assertThat(header).usingRecursiveComparison().ignoringFields("nodes").isEqualTo(s);
    }

    static Snapshot underFolder(String folder, int files) {
        List<Snapshot.Node> nodes = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            nodes.add(new Snapshot.Node(folder + "/f" + (1000 + i), Snapshot.Type.FILE, 0644, 0, 0, "root", "root", 1, 1,
                    1, i, 0, null, 0, List.of()));
        }
        return new Snapshot(Snapshot.VERSION, "2026-11-25T10:00:00Z", "h", "i", List.of(folder), null,
                new Snapshot.Stats(files, 0, 0, 0, 0, 0, 0, 0, 0), List.of(), List.copyOf(nodes));
    }

    @Test
    void aPathStoresOnlyWhatItDoesNotShareWithThePreviousOne() {
        String deep = "/data/" + "x".repeat(200);
        int shallow = SnapshotCodec.encode(underFolder("/data", 1000)).length;
        int longer = SnapshotCodec.encode(underFolder(deep, 1000)).length;
        // the 201 extra bytes are stored twice (the header's paths, the first node), not 1,000 times; what grows is
        // one varint byte: the first node's path length, and every later node's shared length (now over 127)
        assertThat(longer - shallow).isEqualTo(2 * 201 + 1 + 999);
    }

    @Test
    void aTruncatedOrPaddedPlaintextIsRejected() {
        byte[] encoded = SnapshotCodec.encode(sample(20));
        for (int cut : new int[] {3, 10, encoded.length / 2, encoded.length - 1}) {
            assertThatThrownBy(() -> SnapshotCodec.decode(Arrays.copyOf(encoded, cut), true))
                    .as("cut at %d", cut).isInstanceOf(RuntimeException.class);
        }
        assertThatThrownBy(() -> SnapshotCodec.decode(Arrays.copyOf(encoded, encoded.length + 1), true))
                .hasMessageContaining("trailing bytes");
    }

    @Test
    void aSealedSnapshotThatDoesNotDecodeIsAnIntegrityError(@TempDir Path dir) throws Exception {
        Repository repo = Repository.init(new FolderStore(dir), "a long enough test passphrase".toCharArray(),
                new RepoConfig.KdfDefaults("argon2id", 1024, 1, 1), "h");
        String id = repo.writeSealedSnapshot(repo.crypto().seal(SealKind.SNAPSHOT,
                Zstd.compress("VFS2xxxx".getBytes(StandardCharsets.US_ASCII), 3)));
        assertThatThrownBy(() -> repo.readSnapshot(id)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("does not decode");
        assertThatThrownBy(() -> repo.readSnapshotHeader(id)).isInstanceOf(IntegrityException.class);
    }
}
