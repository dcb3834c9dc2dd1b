package io.vaultfleet.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.Snapshot;

class HardLinkReadsTest {
    static Snapshot.Node file(String path, long inode, int links) {
        return new Snapshot.Node(path, Snapshot.Type.FILE, 0644, 0, 0, "u", "g", 1, 1, 1, inode, 5, null, 0, List.of(),
                2049, links, 0, List.of());
    }

    @Test
    void oneReadPerInodeTheOtherPathsTakeItsChunks() {
        HardLinkReads reads = new HardLinkReads();
        List<Snapshot.Node> recorded = new ArrayList<>();
        assertThat(reads.mustRead(file("/single", 1, 1), recorded::add)).isTrue();
        assertThat(reads.mustRead(file("/a", 2, 3), recorded::add)).isTrue();
        assertThat(reads.mustRead(file("/b", 2, 3), recorded::add)).isFalse(); // waits for /a
        assertThat(recorded).isEmpty();
        List<ChunkId> chunks = List.of(ChunkId.ofHex("ab".repeat(32)));
        reads.read(file("/a", 2, 3), 7, chunks, recorded::add);
        assertThat(recorded).containsExactly(file("/b", 2, 3).withContent(7, chunks));
        assertThat(reads.mustRead(file("/c", 2, 3), recorded::add)).isFalse(); // recorded at once
        assertThat(recorded).hasSize(2).last().isEqualTo(file("/c", 2, 3).withContent(7, chunks));
    }

    @Test
    void whenTheReadFailsTheWaitingPathsAreHandedBackAndLaterOnesAreRead() {
        HardLinkReads reads = new HardLinkReads();
        List<Snapshot.Node> recorded = new ArrayList<>();
        assertThat(reads.mustRead(file("/a", 2, 3), recorded::add)).isTrue();
        assertThat(reads.mustRead(file("/b", 2, 3), recorded::add)).isFalse();
        assertThat(reads.failed(file("/a", 2, 3))).containsExactly(file("/b", 2, 3));
        assertThat(reads.mustRead(file("/c", 2, 3), recorded::add)).isTrue();
        assertThat(recorded).isEmpty();
    }
}
