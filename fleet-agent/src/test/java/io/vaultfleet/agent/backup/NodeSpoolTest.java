package io.vaultfleet.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.Snapshot;

/**
 * The backup's spool of nodes (issue 17) gives back exactly the nodes added, in stored order, each path once, over
 * several runs and twice in a row; the previous point's files table finds each file (past several growths) and
 * nothing else.
 */
class NodeSpoolTest {
    static Snapshot.Node node(int i, Random random) {
        String path = "/data/d" + (i % 37) + (i % 5 == 0 ? " x" : "") + "/f" + i + (i % 11 == 0 ? "\uDCE9" : "");
        List<ChunkId> chunks = new ArrayList<>();
        for (int c = 0; c < i % 3; c++) {
            chunks.add(new ChunkId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()));
        }
        if (i % 13 == 0) {
            return new Snapshot.Node(path, Snapshot.Type.FILE, 0644, 1000, 1000, "ann", null, i * 1000L, -5L, i,
                    i + 7L, i * 3L, null, 0, chunks, 42, 2, Snapshot.FLAG_SPARSE,
                    List.of(new Snapshot.Xattr("user.note", new byte[] {1, 2, (byte) i})));
        }
        Snapshot.Type type = i % 17 == 0 ? Snapshot.Type.SYMLINK : Snapshot.Type.FILE;
        return new Snapshot.Node(path, type, 0600, 0, 0, "root", "root", i * 1000L, i, i, i, i, type
                == Snapshot.Type.SYMLINK ? "../target " + i : null, 0, type == Snapshot.Type.FILE ? chunks : List.of());
    }

    /** Nodes 0 to {@code count - 1}, in an order the spool must not rely on. */
    private static List<Snapshot.Node> shuffledNodes(int count, Random random) {
        List<Snapshot.Node> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(node(i, random));
        }
        Collections.shuffle(nodes, random);
        return nodes;
    }

    @Test
    void nodesComeBackSortedOncePerPathOverSeveralRuns() throws Exception {
        List<Snapshot.Node> added = shuffledNodes(2_500, new Random(17));
        try (NodeSpool spool = new NodeSpool(300, NodeSpool.FAN_IN)) {
            for (Snapshot.Node n : added) {
                spool.add(n);
            }
            // the same object reached through a second root
            spool.add(added.get(5));
            spool.add(added.get(99));
            List<Snapshot.Node> expected = new ArrayList<>(added);
            expected.sort(Comparator.comparing(Snapshot.Node::path, FileNames.ORDER));
            assertThat(spool.size()).isEqualTo(2_500);
            assertThat(new ArrayList<>(spool)).containsExactlyElementsOf(expected);
            assertThat(new ArrayList<>(spool)).containsExactlyElementsOf(expected);
            assertThatThrownBy(() -> spool.add(added.get(0))).isInstanceOf(IllegalStateException.class);
        }
    }

    /**
     * More runs than one merge reads: groups of runs are merged first, in as many levels as it takes (50 runs of 50
     * nodes, three at a time), and the nodes still come back sorted, once per path, the first added winning a tie
     * (decision 037).
     */
    @Test
    void moreRunsThanAMergeReadsAreMergedInGroupsFirst() throws Exception {
        List<Snapshot.Node> added = shuffledNodes(2_500, new Random(23));
        Snapshot.Node early = added.get(0);
        // a different node at the same path, added last, in the last run: the first added is kept
        Snapshot.Node late = new Snapshot.Node(early.path(), Snapshot.Type.FILE, 0600, 7, 7, "late", "late", 1L, 1L,
                1L, 1L, 1L, null, 0, List.of());
        try (NodeSpool spool = new NodeSpool(50, 3)) {
            for (Snapshot.Node n : added) {
                spool.add(n);
            }
            spool.add(late);
            assertThat(spool.runFiles()).isEqualTo(50);
            List<Snapshot.Node> expected = new ArrayList<>(added);
            expected.sort(Comparator.comparing(Snapshot.Node::path, FileNames.ORDER));
            assertThat(spool.size()).isEqualTo(2_500);
            assertThat(spool.runFiles()).isLessThanOrEqualTo(3);
            List<Snapshot.Node> read = new ArrayList<>(spool);
            assertThat(read).containsExactlyElementsOf(expected);
            assertThat(read).contains(early).doesNotContain(late);
            assertThat(new ArrayList<>(spool)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void anEmptySpoolHasNoNodes() throws Exception {
        try (NodeSpool spool = new NodeSpool()) {
            assertThat(spool).isEmpty();
            assertThat(spool.iterator().hasNext()).isFalse();
        }
    }

    @Test
    void thePreviousPointsFilesAreFoundOnDisk() throws Exception {
        Random random = new Random(5);
        List<Snapshot.Node> nodes = new ArrayList<>();
        try (PreviousFiles files = new PreviousFiles()) {
            for (int i = 0; i < 20_000; i++) {
                Snapshot.Node n = node(i, random);
                nodes.add(n);
                files.add(n);
            }
            files.finish();
            assertThat(files.size()).isEqualTo(20_000);
            for (Snapshot.Node n : nodes) {
                Snapshot.Node found = files.find(n.path());
                assertThat(found.path()).isEqualTo(n.path());
                assertThat(found.chunks()).isEqualTo(n.chunks());
                assertThat(MetadataCache.unchanged(found, n)).isTrue();
            }
            assertThat(files.find("/data/not there")).isNull();
            assertThat(files.find("/data/d1/f1x")).isNull();
            // names that differ only in bytes that are not UTF-8 are two files
            assertThat(files.find("/data/d0 x/f0\uDCE8")).isNull();
        }
    }
}
