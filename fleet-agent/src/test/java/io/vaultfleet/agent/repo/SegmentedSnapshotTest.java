package io.vaultfleet.agent.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot version 4 (decision 032): the nodes in sealed segments read one at a time. Segments are made small here
 * (4 KiB of plaintext) so a few thousand nodes span dozens of them; every way of moving segments around is refused,
 * and a point in the previous layout (version 3, written by the code path that wrote it) is read by the same reader.
 */
class SegmentedSnapshotTest {
    @TempDir
    Path dir;
    Repository repo;

    @BeforeEach
    void smallSegments() throws Exception {
        SnapshotSegments.segmentPlain = 4096;
        repo = SnapshotCodecTest.repository(dir.resolve("repo"));
    }

    @AfterEach
    void restore() {
        SnapshotSegments.segmentPlain = SnapshotSegments.SEGMENT_PLAIN;
    }

    /** The blob's parts: header length, segment table. */
    private SnapshotSegments.Table table(String id, byte[] blob) throws Exception {
        int headerLength = ByteBuffer.wrap(blob, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOfRange(blob, 4, 4 + headerLength));
        return SnapshotSegments.readTable(repo.crypto(), id, SnapshotSegments.Source.of(blob), headerLength, digest);
    }

    private String store(byte[] blob) throws Exception {
        return repo.writeSealedSnapshot(blob);
    }

    private byte[] blob(String id) throws Exception {
        return repo.store().get(Repository.SNAPSHOTS + id);
    }

    @Test
    void manySegmentsReadBackAsTheNodesWritten() throws Exception {
        Snapshot s = SnapshotCodecTest.sample(3000);
        String id = repo.writeSnapshot(s);
        SnapshotSegments.Table table = table(id, blob(id));
        assertThat(table.entries()).hasSizeGreaterThan(20);
        assertThat(table.nodes()).isEqualTo(s.nodes().size());
        assertThat(table.entries()).allMatch(e -> e.plainLength() <= 4096);
        assertThat(repo.readSnapshot(id)).isEqualTo(s);
        assertThat(repo.readSnapshotHeader(id).version()).isEqualTo(4);
        // the store's copy and a local file's (the metadata cache) read the same, a segment at a time
        Path copy = Files.write(dir.resolve("copy"), blob(id));
        List<Snapshot.Node> fromFile = new ArrayList<>();
        repo.readSnapshot(id, SnapshotSegments.Source.of(copy), null, fromFile::add);
        assertThat(fromFile).isEqualTo(s.nodes());
    }

    @Test
    void readingFromAPathStartsAtItsSegment() throws Exception {
        Snapshot s = SnapshotCodecTest.sample(3000);
        String id = repo.writeSnapshot(s);
        String wanted = s.nodes().get(2500).path();
        List<Snapshot.Node> seen = new ArrayList<>();
        repo.readSnapshot(id, wanted, seen::add);
        assertThat(seen).extracting(Snapshot.Node::path).contains(wanted);
        assertThat(seen.size()).isLessThan(600);
        assertThat(seen).isEqualTo(s.nodes().subList(s.nodes().size() - seen.size(), s.nodes().size()));
        // before every node: the whole point
        List<Snapshot.Node> all = new ArrayList<>();
        repo.readSnapshot(id, "/", all::add);
        assertThat(all).isEqualTo(s.nodes());
    }

    @Test
    void aPointOfNoNodesHasNoSegments() throws Exception {
        Snapshot s = SnapshotCodecTest.sample(0);
        Snapshot empty = new Snapshot(s.version(), s.time(), s.host(), s.item(), s.paths(), s.parent(), s.stats(),
                s.packs(), List.of());
        String id = repo.writeSnapshot(empty);
        assertThat(table(id, blob(id)).entries()).isEmpty();
        assertThat(repo.readSnapshot(id)).isEqualTo(empty);
    }

    @Test
    void nodesOutOfOrderAcrossSegmentsAreRefusedByTheWriter() {
        List<Snapshot.Node> nodes = new ArrayList<>(SnapshotCodecTest.sample(3000).nodes());
        nodes.add(nodes.get(5)); // a path already written, several segments back
        Snapshot s = SnapshotCodecTest.sample(0);
        Snapshot bad = new Snapshot(4, s.time(), s.host(), s.item(), s.paths(), s.parent(), s.stats(), s.packs(), nodes);
        assertThatThrownBy(() -> repo.writeSnapshot(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not in path order");
    }

    /** Segment {@code i}'s bytes. */
    private static byte[] segment(byte[] blob, SnapshotSegments.Table t, int i) {
        SnapshotSegments.Entry e = t.entries().get(i);
        return Arrays.copyOfRange(blob, (int) e.offset(), (int) e.offset() + e.sealedLength());
    }

    /** The blob with segments {@code order} (indexes into the original) in place of its own. */
    private static byte[] withSegments(byte[] blob, SnapshotSegments.Table t, int... order) {
        var out = new java.io.ByteArrayOutputStream();
        int start = (int) t.entries().getFirst().offset();
        SnapshotSegments.Entry last = t.entries().getLast();
        int end = (int) last.offset() + last.sealedLength();
        out.write(blob, 0, start);
        for (int i : order) {
            out.writeBytes(segment(blob, t, i));
        }
        out.write(blob, end, blob.length - end);
        return out.toByteArray();
    }

    private void refused(byte[] tampered, String why) {
        assertThatThrownBy(() -> {
            String id = store(tampered);
            repo.readSnapshot(id, n -> { });
        }).as(why).isInstanceOf(IntegrityException.class);
    }

    @Test
    void segmentsSwappedDroppedRepeatedReorderedOrTruncatedAreRefused() throws Exception {
        String id = repo.writeSnapshot(SnapshotCodecTest.sample(3000));
        byte[] blob = blob(id);
        SnapshotSegments.Table t = table(id, blob);
        int n = t.entries().size();
        int[] identity = new int[n];
        Arrays.setAll(identity, i -> i);
        assertThat(withSegments(blob, t, identity)).isEqualTo(blob);

        int[] swapped = identity.clone();
        swapped[3] = 4;
        swapped[4] = 3;
        refused(withSegments(blob, t, swapped), "two segments swapped");
        int[] rotated = identity.clone();
        for (int i = 0; i < n; i++) {
            rotated[i] = (i + 1) % n;
        }
        refused(withSegments(blob, t, rotated), "every segment moved by one");
        int[] dropped = new int[n - 1];
        for (int i = 0, k = 0; i < n; i++) {
            if (i != 7) {
                dropped[k++] = i;
            }
        }
        refused(withSegments(blob, t, dropped), "a segment dropped");
        int[] repeated = identity.clone();
        repeated[8] = 7;
        refused(withSegments(blob, t, repeated), "a segment repeated in place of the next");
        int[] duplicated = Arrays.copyOf(identity, n + 1);
        duplicated[n] = n - 1;
        refused(withSegments(blob, t, duplicated), "the last segment twice");
        for (int cut : new int[] {1, 4, 5, 100, t.entries().get(n - 1).sealedLength() + 200}) {
            refused(Arrays.copyOf(blob, blob.length - cut), "truncated by " + cut);
        }
        byte[] padded = Arrays.copyOf(blob, blob.length + 1);
        refused(padded, "a byte appended");
        byte[] flipped = blob.clone();
        flipped[(int) t.entries().get(2).offset() + 30] ^= 1;
        refused(flipped, "a bit flipped in a segment");
    }

    @Test
    void aSegmentOrTableOfAnotherPointIsRefused() throws Exception {
        String a = repo.writeSnapshot(SnapshotCodecTest.sample(3000));
        String b = repo.writeSnapshot(SnapshotCodecTest.sample(3000)); // same nodes, another header (time, nonce)
        byte[] blobA = blob(a);
        byte[] blobB = blob(b);
        SnapshotSegments.Table ta = table(a, blobA);
        SnapshotSegments.Table tb = table(b, blobB);
        // a segment of the same place and size where there is one (the headers' digests differ, so the compressed
        // sizes may too): only the table's SHA-256 and the segment's own digest of its header tell them apart
        int k = 5;
        for (int i = 0; i < ta.entries().size(); i++) {
            if (ta.entries().get(i).sealedLength() == tb.entries().get(i).sealedLength()) {
                k = i;
                break;
            }
        }
        byte[] foreign = segment(blobB, tb, k);
        SnapshotSegments.Entry at = ta.entries().get(k);
        var mixedOut = new java.io.ByteArrayOutputStream();
        mixedOut.write(blobA, 0, (int) at.offset());
        mixedOut.writeBytes(foreign);
        mixedOut.write(blobA, (int) at.offset() + at.sealedLength(), blobA.length - (int) at.offset()
                - at.sealedLength());
        byte[] mixed = mixedOut.toByteArray();
        refused(mixed, "a segment of another point in the same place");
        // another point's table (and length) behind this point's header and segments
        SnapshotSegments.Entry lastA = ta.entries().getLast();
        SnapshotSegments.Entry lastB = tb.entries().getLast();
        int endA = (int) lastA.offset() + lastA.sealedLength();
        int endB = (int) lastB.offset() + lastB.sealedLength();
        byte[] foreignTable = new byte[endA + blobB.length - endB];
        System.arraycopy(blobA, 0, foreignTable, 0, endA);
        System.arraycopy(blobB, endB, foreignTable, endA, blobB.length - endB);
        assertThatThrownBy(() -> repo.readSnapshot(store(foreignTable), n -> { }))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("another snapshot header");
    }

    @Test
    void aPointInThePreviousLayoutIsReadByTheSameReader() throws Exception {
        // version 3, written by the code path that wrote every recovery point before decision 032
        Snapshot v3 = SnapshotCodecTest.sample(3000);
        Snapshot asWritten = new Snapshot(3, v3.time(), v3.host(), v3.item(), v3.paths(), v3.parent(), v3.stats(),
                v3.packs(), v3.nodes());
        String id = store(Repository.sealSnapshot(repo.crypto(), asWritten));
        assertThat(repo.readSnapshotHeader(id).version()).isEqualTo(3);
        assertThat(repo.readSnapshot(id)).isEqualTo(asWritten);
        List<Snapshot.Node> fromPath = new ArrayList<>();
        repo.readSnapshot(id, v3.nodes().get(2000).path(), fromPath::add);
        assertThat(fromPath).isEqualTo(v3.nodes()); // no segments to skip to: every node, the caller filters
        Path copy = Files.write(dir.resolve("v3-copy"), blob(id));
        List<Snapshot.Node> fromFile = new ArrayList<>();
        repo.readSnapshot(id, SnapshotSegments.Source.of(copy), null, fromFile::add);
        assertThat(fromFile).isEqualTo(v3.nodes());
    }
}
