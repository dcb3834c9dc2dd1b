package io.vaultfleet.agent.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The on-storage bytes, pinned: fixed master key, counter nonces, fixed inputs. A change to the format shows up as
 * a diff of the golden files under {@code src/test/resources/golden} (regenerate with {@code -Dgolden.update=true}
 * and review the diff; then update docs/format.md). Each object is also read back through the product code.
 */
class FormatGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    static void assertGolden(String name, byte[] actual) throws IOException {
        Path file = GOLDEN.resolve(name + ".hex");
        String hex = hexLines(actual);
        assertThat(Files.exists(file) || Boolean.getBoolean("golden.update"))
                .as("golden file %s missing: run with -Dgolden.update=true and review it", file).isTrue();
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, hex);
        }
        assertThat(hex).as("golden file %s", file).isEqualTo(Files.readString(file));
    }

    static String hexLines(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length; i += 32) {
            sb.append(HexFormat.of().formatHex(b, i, Math.min(b.length, i + 32))).append('\n');
        }
        return sb.toString();
    }

    static byte[] textChunk() {
        return "VaultFleet golden chunk\n".repeat(40).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] binaryChunk() {
        byte[] b = new byte[600];
        new java.util.Random(7).nextBytes(b);
        return b;
    }

    PackWriter.FinishedPack pack(Crypto crypto) {
        ChunkSealer sealer = new ChunkSealer(crypto, 3);
        PackWriter writer = new PackWriter(crypto, 1024);
        for (byte[] chunk : List.of(textChunk(), binaryChunk())) {
            writer.add(sealer.seal(crypto.chunkId(chunk, 0, chunk.length), chunk, 0, chunk.length));
        }
        return writer.finish();
    }

    @Test
    void packBytesAreStable() throws Exception {
        Crypto crypto = Fixtures.crypto();
        PackWriter.FinishedPack pack = pack(crypto);
        byte[] bytes = java.util.Arrays.copyOf(pack.bytes(), pack.length());
        assertGolden("pack", bytes);
        List<PackEntry> entries = PackReader.readHeader(crypto, pack.id(), bytes);
        assertThat(entries).isEqualTo(pack.entries());
        assertThat(entries.get(0).flags()).isEqualTo(ChunkSealer.FLAG_ZSTD);
        assertThat(entries.get(1).flags()).isZero();
        ChunkSealer sealer = new ChunkSealer(crypto, 3);
        PackEntry e = entries.get(0);
        assertThat(sealer.open(e.id(), e.flags(), e.plainLength(), bytes, e.offset(), e.sealedLength()))
                .isEqualTo(textChunk());
    }

    @Test
    void indexBytesAreStable() throws Exception {
        Crypto crypto = Fixtures.crypto();
        PackWriter.FinishedPack pack = pack(crypto);
        Map<String, List<PackEntry>> packs = new LinkedHashMap<>();
        packs.put(pack.id(), pack.entries());
        byte[] plain = IndexFile.encode(packs);
        assertGolden("index-plain", plain);
        byte[] sealed = crypto.seal(SealKind.INDEX, plain);
        assertGolden("index-sealed", sealed);
        assertThat(IndexFile.decode("index", crypto.open(SealKind.INDEX, sealed))).isEqualTo(packs);
    }

    /** The version 3 nodes of the golden snapshot: exact names (a byte that is not UTF-8), hard link facts, flags. */
    static List<Snapshot.Node> v3Nodes() {
        return List.of(new Snapshot.Node("/data", Snapshot.Type.DIR, 0755, 0, 0, "root", "root", 1_000_000_000L,
                        1_000_000_000L, 1_000_000_000L, 2, 0, null, 0, List.of(), 2049, 3, 0, List.of()),
                new Snapshot.Node("/data/a.txt", Snapshot.Type.FILE, 0644, 0, 0, "root", "root", -1_500_000_001L,
                        1_500_000_000L, 1_500_000_000L, 3, 960, null, 0, List.of(ChunkId.ofHex("cd".repeat(32))), 2049,
                        2, Snapshot.FLAG_SPARSE, List.of(new Snapshot.Xattr("user.comment",
                                "hi".getBytes(StandardCharsets.US_ASCII)))),
                new Snapshot.Node("/data/caf\uDCE9", Snapshot.Type.SYMLINK, 0777, 1000, 1000, null, "staff",
                        1_600_000_000L, 1_600_000_000L, 1_600_000_000L, 4, 0, "a\uDCFF.txt", 0, List.of(), 2049, 1, 0,
                        List.of()),
                new Snapshot.Node("/data/\u00e4-link", Snapshot.Type.SYMLINK, 0777, 1000, 1000, null, "staff",
                        1_600_000_000L, 1_600_000_000L, 1_600_000_000L, 5, 0, "a.txt", 0, List.of(), 2049, 1, 0,
                        List.of()));
    }

    @Test
    void snapshotBytesAreStable() throws Exception {
        Crypto crypto = Fixtures.crypto();
        Snapshot snapshot = new Snapshot(3, "2026-01-02T03:04:05Z", "host1", "files:/data", List.of("/data"), null,
                new Snapshot.Stats(1, 1, 2, 960, 960, 0, 1000, 1, 0), List.of("ab".repeat(32)), v3Nodes());
        byte[] header = SnapshotCodec.encodeHeader(snapshot);
        assertGolden("snapshot-header", header);
        assertThat(new String(header, StandardCharsets.UTF_8)).contains("\"nameEncoding\":\"posix-bytes\"");
        byte[] sealed = Repository.sealSnapshot(crypto, snapshot);
        assertGolden("snapshot-sealed", sealed);
        int headerLength = java.nio.ByteBuffer.wrap(sealed, 0, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
                java.util.Arrays.copyOfRange(sealed, 4, 4 + headerLength));
        byte[] nodes = SnapshotCodec.encodeNodes(snapshot.nodes(), digest);
        assertGolden("snapshot-nodes", nodes);
        assertThat(unzstd(crypto.open(SealKind.SNAPSHOT, sealed, 4, headerLength))).isEqualTo(header);
        assertThat(unzstd(crypto.open(SealKind.SNAPSHOT_NODES, sealed, 4 + headerLength, sealed.length - 4 - headerLength)))
                .isEqualTo(nodes);
        assertThat(SnapshotCodec.decodeNodes(nodes, digest)).isEqualTo(snapshot.nodes());
    }

    /**
     * Version 4 (decision 032): the same nodes in segments. The stored bytes, the segment's plaintext and the table's
     * plaintext are pinned, and the segment and table open to exactly what docs/format.md §8 describes.
     */
    @Test
    void segmentedSnapshotBytesAreStable(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Crypto crypto = Fixtures.crypto();
        Snapshot snapshot = new Snapshot(4, "2026-01-02T03:04:05Z", "host1", "files:/data", List.of("/data"), null,
                new Snapshot.Stats(1, 1, 2, 960, 960, 0, 1000, 1, 0), List.of("ab".repeat(32)), v3Nodes());
        SnapshotSegments.Written written = SnapshotSegments.write(crypto, snapshot, snapshot.nodes(),
                dir.resolve("point"));
        byte[] sealed = Files.readAllBytes(written.file());
        assertThat(written.size()).isEqualTo(sealed.length);
        assertThat(written.id()).isEqualTo(PackWriter.sha256Hex(sealed, 0, sealed.length));
        assertGolden("snapshot-v4-sealed", sealed);
        int headerLength = java.nio.ByteBuffer.wrap(sealed, 0, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
                java.util.Arrays.copyOfRange(sealed, 4, 4 + headerLength));
        assertThat(new String(unzstd(crypto.open(SealKind.SNAPSHOT, sealed, 4, headerLength)),
                StandardCharsets.UTF_8)).contains("\"version\":4");
        int tableLength = java.nio.ByteBuffer.wrap(sealed, sealed.length - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt();
        int segmentStart = 4 + headerLength;
        int segmentLength = sealed.length - 4 - tableLength - segmentStart;
        byte[] table = crypto.open(SealKind.SNAPSHOT_TABLE, sealed, sealed.length - 4 - tableLength, tableLength);
        assertGolden("snapshot-v4-table", table);
        byte[] segment = unzstd(crypto.open(SealKind.SNAPSHOT_SEGMENT, sealed, segmentStart, segmentLength));
        assertGolden("snapshot-v4-segment", segment);
        // the segment is "VFG4", the header's digest, index 0, the node count, then the nodes as version 3 stores them
        byte[] v3 = SnapshotCodec.encodeNodes(snapshot.nodes(), digest);
        int v3Prefix = 4 + 1 + 32 + 4;
        assertThat(java.util.Arrays.copyOfRange(segment, 0, 4)).isEqualTo("VFG4".getBytes(StandardCharsets.US_ASCII));
        assertThat(java.util.Arrays.copyOfRange(segment, 4, 36)).isEqualTo(digest);
        assertThat(java.util.Arrays.copyOfRange(segment, 36, 44)).isEqualTo(new byte[] {0, 0, 0, 0, 4, 0, 0, 0});
        assertThat(java.util.Arrays.copyOfRange(segment, 44, segment.length))
                .isEqualTo(java.util.Arrays.copyOfRange(v3, v3Prefix, v3.length));
        // the table: "VFT4", encoding, digest, node count (uint64), segment count, then per segment its sealed length,
        // plaintext length, node count, SHA-256 of its sealed bytes and first path
        var t = java.nio.ByteBuffer.wrap(table).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(java.util.Arrays.copyOfRange(table, 0, 4)).isEqualTo("VFT4".getBytes(StandardCharsets.US_ASCII));
        assertThat(table[4]).isZero();
        assertThat(java.util.Arrays.copyOfRange(table, 5, 37)).isEqualTo(digest);
        assertThat(t.getLong(37)).isEqualTo(4);
        assertThat(t.getInt(45)).isEqualTo(1);
        assertThat(t.getInt(49)).isEqualTo(segmentLength);
        assertThat(t.getInt(53)).isEqualTo(segment.length);
        assertThat(t.getInt(57)).isEqualTo(4);
        assertThat(java.util.Arrays.copyOfRange(table, 61, 93)).isEqualTo(java.security.MessageDigest
                .getInstance("SHA-256").digest(java.util.Arrays.copyOfRange(sealed, segmentStart,
                        segmentStart + segmentLength)));
        assertThat(table[93]).isEqualTo((byte) "/data".length());
        assertThat(new String(table, 94, table.length - 94, StandardCharsets.UTF_8)).isEqualTo("/data");
    }

    /** Version 2 recovery points (written before decision 019) stay readable: the golden bytes decode as before. */
    @Test
    void version2SnapshotsStillDecode() throws Exception {
        Crypto crypto = Fixtures.crypto();
        byte[] sealed = HexFormat.of().parseHex(Files.readString(GOLDEN.resolve("snapshot-v2-sealed.hex"))
                .replace("\n", ""));
        int headerLength = java.nio.ByteBuffer.wrap(sealed, 0, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
                java.util.Arrays.copyOfRange(sealed, 4, 4 + headerLength));
        byte[] headerJson = unzstd(crypto.open(SealKind.SNAPSHOT, sealed, 4, headerLength));
        assertThat(hexLines(headerJson)).isEqualTo(Files.readString(GOLDEN.resolve("snapshot-v2-header.hex")));
        Snapshot header = SnapshotCodec.decodeHeader(headerJson);
        assertThat(header.version()).isEqualTo(2);
        assertThat(header.paths()).containsExactly("/data");
        List<Snapshot.Node> nodes = SnapshotCodec.decodeNodes(unzstd(crypto.open(SealKind.SNAPSHOT_NODES, sealed,
                4 + headerLength, sealed.length - 4 - headerLength)), digest);
        assertThat(nodes).containsExactly(
                new Snapshot.Node("/data", Snapshot.Type.DIR, 0755, 0, 0, "root", "root", 1_000_000_000L,
                        1_000_000_000L, 1_000_000_000L, 2, 0, null, 0, List.of()),
                new Snapshot.Node("/data/a.txt", Snapshot.Type.FILE, 0644, 0, 0, "root", "root",
                        1_500_000_000L, 1_500_000_000L, 1_500_000_000L, 3, 960, null, 0,
                        List.of(ChunkId.ofHex("cd".repeat(32)))),
                new Snapshot.Node("/data/\u00e4-link", Snapshot.Type.SYMLINK, 0777, 1000, 1000, null, "staff",
                        1_600_000_000L, 1_600_000_000L, 1_600_000_000L, 4, 0, "a.txt", 0, List.of()));
        // and the plaintexts are the pinned version 2 bytes
        assertThat(hexLines(unzstd(crypto.open(SealKind.SNAPSHOT_NODES, sealed, 4 + headerLength,
                sealed.length - 4 - headerLength)))).isEqualTo(Files.readString(GOLDEN.resolve("snapshot-v2-nodes.hex")));
    }

    static byte[] unzstd(byte[] frame) {
        return com.github.luben.zstd.Zstd.decompress(frame, (int) com.github.luben.zstd.Zstd.getFrameContentSize(frame));
    }

    @Test
    void keyFileBytesAreStable() throws Exception {
        KdfParams kdf = KdfParams.argon2id(1024, 1, 1, new byte[16]);
        KeyFile key = KeyFile.wrap(Fixtures.MASTER_KEY, "golden passphrase!".toCharArray(), kdf, "host1",
                Instant.parse("2026-01-02T03:04:05Z"), Fixtures.counter());
        assertGolden("key", key.toJson());
        assertThat(KeyFile.fromJson(key.toJson()).unwrap("golden passphrase!".toCharArray()))
                .isEqualTo(Fixtures.MASTER_KEY);
    }

    @Test
    void subKeysAndChunkIdsAreStable() throws Exception {
        assertGolden("subkeys", concat(Crypto.derive(Fixtures.MASTER_KEY, "vaultfleet/v1/encryption"),
                Crypto.derive(Fixtures.MASTER_KEY, "vaultfleet/v1/chunk-id"),
                Fixtures.crypto().chunkId(textChunk(), 0, textChunk().length).bytes()));
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
