package io.vaultfleet.agent.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.store.FolderStore;

class SnapshotCodecTest {
    static Snapshot sample(int files) {
        List<Snapshot.Node> nodes = new ArrayList<>();
        nodes.add(new Snapshot.Node("/srv", Snapshot.Type.DIR, 0755, 0, 0, "root", "root", 1, 2, 3, 10, 0, null, 0,
                List.of()));
        for (int i = 0; i < files; i++) {
            List<ChunkId> chunks = new ArrayList<>();
            for (int c = 0; c < i % 4; c++) {
                chunks.add(ChunkId.ofHex(String.format("%016x%048x", Long.MIN_VALUE + c, i * 10L + c)));
            }
            nodes.add(new Snapshot.Node("/srv/d" + (i / 100) + "/f\u00fc" + i, Snapshot.Type.FILE, 0640 | (i % 2) * 04000,
                    1000 + i % 3, -1, i % 5 == 0 ? null : "user" + i % 3, "", -5L + i, Long.MAX_VALUE - i,
                    Long.MIN_VALUE + i, 1L << 40 | i, 1000L * i, null, 0, List.copyOf(chunks)));
        }
        nodes.add(new Snapshot.Node("/srv/z-link", Snapshot.Type.SYMLINK, 0777, 0, 0, "root", "root", 1, 1, 1, 11, 0,
                "/somewhere/else", 0, List.of()));
        nodes.add(new Snapshot.Node("/srv/z-tty", Snapshot.Type.CHAR_DEVICE, 0620, 0, 5, "root", "tty", 1, 1, 1, 12, 0,
                null, (4L << 8) | 1, List.of()));
        nodes.sort(java.util.Comparator.comparing(Snapshot.Node::path, io.vaultfleet.agent.platform.FileNames.ORDER));
        return new Snapshot(Snapshot.VERSION, "2026-11-25T10:00:00.123456Z", "host", "files:/srv", List.of("/srv"),
                "ab".repeat(32), new Snapshot.Stats(files, 1, 2, 3, 4, 5, 6, 7, 8), List.of("01".repeat(32),
                        "02".repeat(32)), List.copyOf(nodes));
    }

    static final byte[] DIGEST = new byte[32];

    static Repository repository(Path dir) throws Exception {
        return Repository.init(new FolderStore(dir), "a long enough test passphrase".toCharArray(),
                new RepoConfig.KdfDefaults("argon2id", 1024, 1, 1), "h");
    }

    @Test
    void everyFieldOfEveryNodeSurvivesTheRoundTrip() {
        Snapshot s = sample(1000);
        assertThat(SnapshotCodec.decodeNodes(SnapshotCodec.encodeNodes(s.nodes(), DIGEST), DIGEST)).isEqualTo(s.nodes());
        assertThat(SnapshotCodec.decodeHeader(SnapshotCodec.encodeHeader(s))).usingRecursiveComparison()
                .ignoringFields("nodes").isEqualTo(s);
    }

    @Test
    void nodesCompressedBlockByBlockDecompressToTheWholePlaintext() {
        // 20,000 nodes: a plaintext of many 128 KiB blocks, so the streamed frame spans block boundaries
        Snapshot s = sample(20_000);
        byte[] plain = SnapshotCodec.encodeNodes(s.nodes(), DIGEST);
        assertThat(plain.length).isGreaterThan(8 * SnapshotCodec.BLOCK);
        byte[] frame = SnapshotCodec.encodeNodesCompressed(s.nodes(), DIGEST, 3);
        assertThat(com.github.luben.zstd.Zstd.getFrameContentSize(frame)).isEqualTo(plain.length);
        // (the frame's bytes may differ from a one-shot compression's: only what it decompresses to is the format)
        assertThat(Arrays.equals(com.github.luben.zstd.Zstd.decompress(frame, plain.length), plain)).isTrue();
    }

    @Test
    void nodesDecodedFromTheFrameOneByOneAreTheNodesWithOwnerNamesShared() {
        Snapshot s = sample(5_000);
        List<Snapshot.Node> decoded = new ArrayList<>();
        SnapshotCodec.decodeNodesFrame(SnapshotCodec.encodeNodesCompressed(s.nodes(), DIGEST, 3), DIGEST, decoded::add);
        assertThat(decoded).isEqualTo(s.nodes());
        List<Snapshot.Node> user1 = decoded.stream().filter(n -> "user1".equals(n.user())).toList();
        assertThat(user1).hasSizeGreaterThan(100);
        assertThat(user1).allMatch(n -> n.user() == user1.get(0).user());
    }

    @Test
    void aNodesFrameWithoutItsContentSizeOrCutShortIsRefused() throws Exception {
        byte[] plain = SnapshotCodec.encodeNodes(sample(50).nodes(), DIGEST);
        var out = new java.io.ByteArrayOutputStream();
        try (var z = new com.github.luben.zstd.ZstdOutputStream(out)) {
            z.write(plain); // a streamed frame that does not record its content size
        }
        assertThatThrownBy(() -> SnapshotCodec.decodeNodesFrame(out.toByteArray(), DIGEST, n -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content size");
        byte[] cut = com.github.luben.zstd.Zstd.compress(Arrays.copyOf(plain, plain.length - 7), 3);
        assertThatThrownBy(() -> SnapshotCodec.decodeNodesFrame(cut, DIGEST, n -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    }

    @Test
    void nodesOutOfOrderAreRefusedWhenCompressedToo() {
        List<Snapshot.Node> nodes = new ArrayList<>(sample(3).nodes());
        java.util.Collections.swap(nodes, 1, 2);
        assertThatThrownBy(() -> SnapshotCodec.encodeNodesCompressed(nodes, DIGEST, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in path order");
    }

    @Test
    void aStoredSnapshotReadsBackWholeOrAsItsHeaderAlone(@TempDir Path dir) throws Exception {
        Repository repo = repository(dir);
        Snapshot s = sample(3000);
        String id = repo.writeSnapshot(s);
        assertThat(repo.readSnapshot(id)).isEqualTo(s);
        Snapshot header = repo.readSnapshotHeader(id);
        assertThat(header.nodes()).isEmpty();
        assertThat(header).usingRecursiveComparison().ignoringFields("nodes").isEqualTo(s);
    }

    @Test
    void aHeaderLargerThanTheFirstRangeReadIsReadWhole(@TempDir Path dir) throws Exception {
        Repository repo = repository(dir);
        Snapshot small = sample(10);
        List<String> packs = new ArrayList<>();
        new java.util.Random(1).ints(3000).forEach(i -> packs.add(String.format("%064x", i & 0x7fffffffL)));
        Snapshot s = new Snapshot(small.version(), small.time(), small.host(), small.item(), small.paths(),
                small.parent(), small.stats(), packs, small.nodes());
        String id = repo.writeSnapshot(s);
        assertThat(repo.readSnapshotHeader(id).packs()).isEqualTo(packs);
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
        int shallow = SnapshotCodec.encodeNodes(underFolder("/data", 1000).nodes(), DIGEST).length;
        int longer = SnapshotCodec.encodeNodes(underFolder(deep, 1000).nodes(), DIGEST).length;
        // the 201 extra bytes are stored once (the first node), not 1,000 times; what grows is one varint byte: the
        // first node's path length, and every later node's shared length (now over 127)
        assertThat(longer - shallow).isEqualTo(201 + 1 + 999);
    }

    @Test
    void truncatedOrPaddedNodesAreRejected() {
        byte[] encoded = SnapshotCodec.encodeNodes(sample(20).nodes(), DIGEST);
        for (int cut : new int[] {3, 10, 40, encoded.length / 2, encoded.length - 1}) {
            assertThatThrownBy(() -> SnapshotCodec.decodeNodes(Arrays.copyOf(encoded, cut), DIGEST))
                    .as("cut at %d", cut).isInstanceOf(RuntimeException.class);
        }
        assertThatThrownBy(() -> SnapshotCodec.decodeNodes(Arrays.copyOf(encoded, encoded.length + 1), DIGEST))
                .hasMessageContaining("trailing bytes");
    }

    @Test
    void nodesSplicedUnderAnotherSnapshotsHeaderAreRejected(@TempDir Path dir) throws Exception {
        Repository repo = repository(dir);
        byte[] a = Repository.sealSnapshot(repo.crypto(), sample(5));
        byte[] b = Repository.sealSnapshot(repo.crypto(), sample(7));
        int aHeader = java.nio.ByteBuffer.wrap(a, 0, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        int bHeader = java.nio.ByteBuffer.wrap(b, 0, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] spliced = new byte[4 + aHeader + b.length - 4 - bHeader];
        System.arraycopy(a, 0, spliced, 0, 4 + aHeader);
        System.arraycopy(b, 4 + bHeader, spliced, 4 + aHeader, b.length - 4 - bHeader);
        String id = repo.writeSealedSnapshot(spliced);
        assertThat(repo.readSnapshotHeader(id).stats().files()).isEqualTo(5);
        assertThatThrownBy(() -> repo.readSnapshot(id)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("another snapshot header");
    }

    @Test
    void aStoredSnapshotThatDoesNotDecodeIsAnIntegrityError(@TempDir Path dir) throws Exception {
        Repository repo = repository(dir);
        byte[] good = Repository.sealSnapshot(repo.crypto(), sample(3));
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        String id = repo.writeSealedSnapshot(truncated);
        assertThatThrownBy(() -> repo.readSnapshot(id)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("fails authentication");
        byte[] badLength = good.clone();
        badLength[3] = 0x7f;
        String id2 = repo.writeSealedSnapshot(badLength);
        assertThatThrownBy(() -> repo.readSnapshotHeader(id2)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("invalid header length");
    }

    static Snapshot.Node file(String path) {
        return new Snapshot.Node(path, Snapshot.Type.FILE, 0644, 0, 0, "root", "root", 1, 1, 1, 1, 0, null, 0,
                List.of());
    }

    @Test
    void twoNodesWithOnePathAreRefused() {
        List<Snapshot.Node> nodes = List.of(file("/d/bad_\uDCFF\uDCFE_name"), file("/d/bad_\uDCFF\uDCFE_name"));
        assertThatThrownBy(() -> SnapshotCodec.encodeNodes(nodes, DIGEST))
                .hasMessageContaining("two nodes with the same path: /d/bad_\\xff\\xfe_name");
        assertThatThrownBy(() -> SnapshotCodec.encodeNodes(List.of(file("/b"), file("/a")), DIGEST))
                .hasMessageContaining("not in path order");
    }

    @Test
    void namesThatDifferOnlyInBytesThatAreNotUtf8StayTwoNodes() {
        List<Snapshot.Node> nodes = new ArrayList<>(List.of(file("/d/bad_\uDCFE\uDCFF_name"),
                file("/d/bad_\uDCFF\uDCFE_name"), file("/d/caf\uDCE9")));
        byte[] encoded = SnapshotCodec.encodeNodes(nodes, DIGEST, io.vaultfleet.agent.platform.FileNames.Encoding.POSIX_BYTES);
        assertThat(SnapshotCodec.decodeNodes(encoded, DIGEST)).isEqualTo(nodes);
        // stored as the raw bytes: "caf" 0xE9, not U+FFFD and not an escape
        assertThat(java.util.HexFormat.of().formatHex(encoded)).contains("636166e9");
    }

    @Test
    void windowsNamesWithLoneSurrogatesRoundTrip() {
        var wtf8 = io.vaultfleet.agent.platform.FileNames.Encoding.WTF8;
        List<Snapshot.Node> nodes = new ArrayList<>(List.of(file("C:\\data"), file("C:\\data\\a\uD800"),
                file("C:\\data\\a\uDC00"), file("C:\\data\\b \uD834\uDD1E")));
        Snapshot.Node link = new Snapshot.Node("C:\\data\\link", Snapshot.Type.SYMLINK, -1, -1, -1, null, null, 1, 1,
                1, 0, 0, "a\uD800", 0, List.of(), 0, 1, 0, List.of(new Snapshot.Xattr(":stream\uDC01", new byte[] {7})));
        nodes.add(link);
        nodes.sort((a, b) -> wtf8.compare(a.path(), b.path()));
        byte[] encoded = SnapshotCodec.encodeNodes(nodes, DIGEST, wtf8);
        assertThat(SnapshotCodec.decodeNodes(encoded, DIGEST)).isEqualTo(nodes);
        assertThatThrownBy(() -> SnapshotCodec.encodeNodes(List.of(file("C:\\x\uD800"), file("C:\\x\uD800")), DIGEST,
                wtf8)).hasMessageContaining("same path: C:\\x\\uD800");
    }

    @Test
    void version3FieldsRoundTrip() {
        Snapshot.Node n = new Snapshot.Node("/a", Snapshot.Type.FILE, 0644, 1, 2, "u", "g", -1_234_567_890_123_456_789L,
                5, 6, 7, 1L << 33, null, 0, List.of(), 2049, 3, Snapshot.FLAG_SPARSE,
                List.of(new Snapshot.Xattr("user.a", new byte[0]), new Snapshot.Xattr("user.\uDCFF", new byte[] {0, -1})));
        assertThat(SnapshotCodec.decodeNodes(SnapshotCodec.encodeNodes(List.of(n), DIGEST), DIGEST)).containsExactly(n);
    }

    @Test
    void anUnknownNameEncodingOrNamesThatAreNotWtf8AreRejected() {
        byte[] encoded = SnapshotCodec.encodeNodes(List.of(file("/a")), DIGEST);
        encoded[4] = 7;
        assertThatThrownBy(() -> SnapshotCodec.decodeNodes(encoded, DIGEST)).hasMessageContaining("unknown name encoding 7");
        byte[] wtf8 = SnapshotCodec.encodeNodes(List.of(file("C:\\\u00e9")), DIGEST,
                io.vaultfleet.agent.platform.FileNames.Encoding.WTF8);
        int at = indexOf(wtf8, new byte[] {(byte) 0xc3, (byte) 0xa9});
        wtf8[at] = (byte) 0xff;
        assertThatThrownBy(() -> SnapshotCodec.decodeNodes(wtf8, DIGEST)).hasMessageContaining("not WTF-8");
    }

    @Test
    void storedNodesThatRepeatAPathOrAreOutOfOrderAreRejected() {
        byte[] encoded = SnapshotCodec.encodeNodes(List.of(file("/a"), file("/b")), DIGEST);
        // the second node: shares 1 byte ("/"), 1 more byte, "b"
        int at = indexOf(encoded, new byte[] {1, 1, 'b'}) + 2;
        byte[] repeated = encoded.clone();
        repeated[at] = 'a';
        assertThatThrownBy(() -> SnapshotCodec.decodeNodes(repeated, DIGEST))
                .hasMessageContaining("node 1: path repeated or out of order");
        byte[] disordered = encoded.clone();
        disordered[at] = ' ';
        assertThatThrownBy(() -> SnapshotCodec.decodeNodes(disordered, DIGEST))
                .hasMessageContaining("node 1: path repeated or out of order");
    }

    /**
     * Random names of every kind round-trip through both encodings once sorted in their order. (A string that is not
     * a POSIX name's form, e.g. a lone U+D800, encodes to the bytes of another one; two such nodes are refused as one
     * path, never stored as two.)
     */
    @Test
    void randomNamesRoundTripInBothEncodings() {
        java.util.Random random = new java.util.Random(23);
        String[] pieces = {"/", "\\", "a", "\u00e9", "\uFFFD", "\uD834\uDD1E", "\uDC80", "\uDCFF", "\uD800", "\uDC00", "z"};
        for (var encoding : io.vaultfleet.agent.platform.FileNames.Encoding.values()) {
            java.util.TreeSet<String> names = new java.util.TreeSet<>(encoding::compare);
            while (names.size() < 2000) {
                StringBuilder sb = new StringBuilder("/r/");
                for (int k = 1 + random.nextInt(8); k > 0; k--) {
                    sb.append(pieces[random.nextInt(pieces.length)]);
                }
                // as a file system gives them: POSIX names hold only the surrogates that stand for bytes
                byte[] stored = encoding.encode(sb.toString());
                names.add(encoding.decode(stored, 0, stored.length));
            }
            List<Snapshot.Node> nodes = names.stream().map(SnapshotCodecTest::file).toList();
            assertThat(SnapshotCodec.decodeNodes(SnapshotCodec.encodeNodes(nodes, DIGEST, encoding), DIGEST))
                    .as("%s", encoding).isEqualTo(nodes);
        }
    }

    @Test
    void twoStringsThatStoreAsTheSameBytesAreOnePath() {
        // U+D800 stores as ED A0 80 (WTF-8), which a POSIX name holds as three escaped bytes
        assertThatThrownBy(() -> SnapshotCodec.encodeNodes(List.of(file("/d/\uD800"), file("/d/\uDCED\uDCA0\uDC80")),
                DIGEST, io.vaultfleet.agent.platform.FileNames.Encoding.POSIX_BYTES)).hasMessageContaining("same path");
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
