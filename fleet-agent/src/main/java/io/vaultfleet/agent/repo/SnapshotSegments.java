package io.vaultfleet.agent.repo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.github.luben.zstd.Zstd;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.platform.HeapChannelIo;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.vaultfleet.agent.store.BlobStore;
import java.io.ByteArrayInputStream;
import java.security.NoSuchAlgorithmException;

/**
 * Snapshot version 4 (decision 032, docs/format.md §8): the nodes sealed in <em>segments</em> of at most
 * {@value #SEGMENT_PLAIN} bytes of plaintext each, followed by a sealed segment table, so that neither the writer nor
 * any reader ever holds the whole recovery point: the backup seals each segment as the spool's sorted runs are
 * merged and writes it to a file, and readers fetch one segment at a time with a range read.
 *
 * <pre>
 * uint32 L || seal('S', zstd(header JSON)) (L bytes) || seal('G', zstd(segment 0)) || ... || seal('G', zstd(segment n-1))
 *          || seal('T', table) (T bytes) || uint32 T
 * </pre>
 *
 * Each segment names the header it belongs to (SHA-256 of the sealed header) and its own position; the table names
 * every segment's sealed length and SHA-256, so a segment swapped, dropped, repeated, reordered, truncated or taken
 * from another recovery point is refused.
 */
public final class SnapshotSegments {
    /**
     * The most plaintext this writer puts in one segment (one node larger than this gets a segment of its own); the
     * format allows up to 4 MiB and readers take any size. 4 MiB until decision 039: the segment, its compressed copy
     * and its sealed copy were ~10 MB of heap at the very end of every backup of 100,000 files or more, where its
     * peak was. Smaller segments are more of them (a table entry each) and a reader fetches less at a time.
     */
    public static final int SEGMENT_PLAIN = 1024 * 1024;
    static final byte[] SEGMENT_MAGIC = "VFG4".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TABLE_MAGIC = "VFT4".getBytes(StandardCharsets.US_ASCII);
    /** magic, header digest, segment index, node count. */
    static final int SEGMENT_PREFIX = 4 + SnapshotCodec.DIGEST_LENGTH + 4 + 4;
    /** What one read fetches from the end of a blob to find the table (a second read when it is larger). */
    static final int TAIL_READ = 64 * 1024;
    /** Tests lower this to get many segments from a few nodes; never changed by the agent. */
    static int segmentPlain = SEGMENT_PLAIN;

    private SnapshotSegments() {
    }

    /** Random access to a snapshot blob's bytes: the store (range reads), a local file (the metadata cache), memory. */
    public interface Source {
        long size() throws IOException;

        /** {@code length} bytes from {@code offset}; fewer only when the blob ends first. */
        byte[] read(long offset, int length) throws IOException;

        static Source of(byte[] blob) {
            return new Source() {
                @Override
                public long size() {
                    return blob.length;
                }

                @Override
                public byte[] read(long offset, int length) {
                    int from = (int) Math.min(offset, blob.length);
                    return Arrays.copyOfRange(blob, from, (int) Math.min(blob.length, from + (long) length));
                }
            };
        }

        static Source of(BlobStore store, String name) {
            return new Source() {
                private long size = -1;

                @Override
                public long size() throws IOException {
                    if (size < 0) {
                        size = store.size(name);
                    }
                    return size;
                }

                @Override
                public byte[] read(long offset, int length) throws IOException {
                    return store.getRange(name, offset, length);
                }
            };
        }

        static Source of(Path file) {
            return new Source() {
                @Override
                public long size() throws IOException {
                    return Files.size(file);
                }

                @Override
                public byte[] read(long offset, int length) throws IOException {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                        byte[] out = new byte[(int) Math.max(0, Math.min(length, ch.size() - offset))];
                        int n = HeapChannelIo.read(ch, offset, out, 0, out.length);
                        return n == out.length ? out : Arrays.copyOf(out, n);
                    }
                }
            };
        }
    }

    /** A version 4 snapshot written to {@code file}: its id (SHA-256 of every byte, hex) and its length. */
    public record Written(Path file, String id, long size) {
    }

    /** One entry of the segment table. */
    record Entry(long offset, int sealedLength, int plainLength, int nodes, byte[] sha256, byte[] firstPath) {
    }

    /**
     * Writes a version 4 snapshot of {@code header}'s fields (its nodes and version ignored) and {@code nodes} (in
     * stored order, each path once, iterated once) to {@code file}, holding at most one segment's plaintext, its
     * compressed and its sealed copy at a time.
     */
    public static Written write(Crypto crypto, Snapshot header, Iterable<Snapshot.Node> nodes, Path file)
            throws IOException {
        try (Writer w = new Writer(crypto, header, file)) {
            for (Snapshot.Node n : nodes) {
                w.add(n);
            }
            return w.finish();
        }
    }

    /**
     * A version 4 snapshot being written to a file, node by node (for callers that are handed nodes, such as repair
     * reading a point as it rewrites it). {@link #finish} completes it; closing without finishing leaves a partial
     * file for the caller to delete.
     */
    public static final class Writer implements AutoCloseable {
        private final OutputStream out;
        private final MessageDigest blobDigest = sha256();
        private final SegmentWriter segments;
        private final Crypto crypto;
        private final byte[] digest;
        private final FileNames.Encoding encoding = FileNames.Encoding.local();
        private final Path file;

        public Writer(Crypto crypto, Snapshot header, Path file) throws IOException {
            this.crypto = crypto;
            this.file = file;
            Snapshot v4 = new Snapshot(Snapshot.VERSION, header.time(), header.host(), header.item(), header.paths(),
                    header.parent(), header.stats(), header.packs(), List.of());
            byte[] sealedHeader = crypto.seal(SealKind.SNAPSHOT, Zstd.compress(SnapshotCodec.encodeHeader(v4), 3));
            digest = sha256().digest(sealedHeader);
            out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                    1 << 16), blobDigest);
            out.write(le32(sealedHeader.length));
            out.write(sealedHeader);
            segments = new SegmentWriter(crypto, digest, encoding, out, 4L + sealedHeader.length);
        }

        /** The next node: after the previous one in stored order ({@link IllegalArgumentException} otherwise). */
        public void add(Snapshot.Node n) throws IOException {
            segments.add(n);
        }

        public Written finish() throws IOException {
            segments.close();
            byte[] table = crypto.seal(SealKind.SNAPSHOT_TABLE, encodeTable(encoding, digest, segments.total,
                    segments.entries));
            out.write(table);
            out.write(le32(table.length));
            out.close();
            return new Written(file, HexFormat.of().formatHex(blobDigest.digest()), segments.offset + table.length + 4);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Cuts the nodes into segments, seals each and writes it as soon as it is full. */
    private static final class SegmentWriter {
        private final Crypto crypto;
        private final byte[] headerDigest;
        private final FileNames.Encoding encoding;
        private final OutputStream out;
        private final SnapshotCodec.Out segment = new SnapshotCodec.Out(256 * 1024, null);
        private final SnapshotCodec.Out node = new SnapshotCodec.Out(4096, null);
        private final List<Entry> entries = new ArrayList<>();
        private byte[] compressed = new byte[0];
        private byte[] previous;
        private byte[] last;
        private byte[] firstPath;
        private int count;
        private long total;
        private long offset;

        SegmentWriter(Crypto crypto, byte[] headerDigest, FileNames.Encoding encoding, OutputStream out, long offset) {
            this.crypto = crypto;
            this.headerDigest = headerDigest;
            this.encoding = encoding;
            this.out = out;
            this.offset = offset;
            startSegment();
        }

        private void startSegment() {
            segment.reset();
            segment.bytes(SEGMENT_MAGIC, 0, SEGMENT_MAGIC.length);
            segment.bytes(headerDigest, 0, headerDigest.length);
            segment.int32(entries.size());
            segment.int32(0); // the node count, set when the segment is sealed
            previous = null;
            firstPath = null;
            count = 0;
        }

        void add(Snapshot.Node n) throws IOException {
            byte[] path = encoding.encode(n.path());
            node.reset();
            SnapshotCodec.encodeNode(node, n, path, previous, encoding);
            if (count > 0 && segment.size() + node.size() > segmentPlain) {
                seal();
                startSegment();
                node.reset();
                SnapshotCodec.encodeNode(node, n, path, null, encoding);
            }
            if (count == 0 && last != null) {
                // the order across segments (within one, encodeNode checks it)
                int order = SnapshotCodec.compareStored(last, path, encoding);
                if (order >= 0) {
                    throw new IllegalArgumentException((order == 0 ? "two nodes with the same path: "
                            : "nodes not in path order at ") + FileNames.display(n.path()));
                }
            }
            last = path;
            segment.bytes(node.buffer(), 0, node.size());
            if (count == 0) {
                firstPath = path;
            }
            previous = path;
            count++;
            total++;
        }

        void close() throws IOException {
            if (count > 0) {
                seal();
            }
        }

        private void seal() throws IOException {
            segment.int32At(4 + SnapshotCodec.DIGEST_LENGTH + 4, count);
            int plain = segment.size();
            int bound = (int) Zstd.compressBound(plain);
            if (compressed.length < bound) {
                compressed = new byte[bound];
            }
            long n = Zstd.compressByteArray(compressed, 0, compressed.length, segment.buffer(), 0, plain, 3);
            if (Zstd.isError(n)) {
                throw new IOException("zstd failed on a snapshot segment: " + Zstd.getErrorName(n));
            }
            byte[] sealed = crypto.seal(SealKind.SNAPSHOT_SEGMENT, compressed, 0, (int) n);
            out.write(sealed);
            entries.add(new Entry(offset, sealed.length, plain, count, sha256().digest(sealed), firstPath));
            offset += sealed.length;
        }
    }

    static byte[] encodeTable(FileNames.Encoding encoding, byte[] headerDigest, long nodes, List<Entry> entries) {
        SnapshotCodec.Out t = new SnapshotCodec.Out(64 + entries.size() * 96, null);
        t.bytes(TABLE_MAGIC, 0, TABLE_MAGIC.length);
        t.int8(encoding.ordinal());
        t.bytes(headerDigest, 0, headerDigest.length);
        t.int64(nodes);
        t.int32(entries.size());
        for (Entry e : entries) {
            t.int32(e.sealedLength());
            t.int32(e.plainLength());
            t.int32(e.nodes());
            t.bytes(e.sha256(), 0, e.sha256().length);
            t.varint(e.firstPath().length);
            t.bytes(e.firstPath(), 0, e.firstPath().length);
        }
        return t.toByteArray();
    }

    /** The decoded, checked segment table of a version 4 blob. */
    record Table(FileNames.Encoding encoding, long nodes, List<Entry> entries) {
    }

    /**
     * Reads and checks the table at the end of a version 4 blob whose sealed header is {@code headerLength} bytes at
     * offset 4 and has SHA-256 {@code headerDigest}.
     */
    static Table readTable(Crypto crypto, String id, Source source, int headerLength, byte[] headerDigest)
            throws IOException {
        long size = source.size();
        long segmentsStart = 4L + headerLength;
        if (size < segmentsStart + 4 + Crypto.OVERHEAD) {
            throw new IntegrityException("snapshot " + id + " is truncated (" + size + " bytes)");
        }
        long tailStart = Math.max(segmentsStart, size - TAIL_READ);
        byte[] tail = source.read(tailStart, (int) (size - tailStart));
        if (tail.length != size - tailStart) {
            throw new IntegrityException("snapshot " + id + " is truncated");
        }
        long tableLength = ByteBuffer.wrap(tail, tail.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()
                & 0xffffffffL;
        long tableStart = size - 4 - tableLength;
        if (tableLength < Crypto.OVERHEAD || tableStart < segmentsStart) {
            throw new IntegrityException("snapshot " + id + " has an invalid segment table length " + tableLength
                    + " (truncated?)");
        }
        byte[] sealed;
        if (tableStart >= tailStart) {
            sealed = Arrays.copyOfRange(tail, (int) (tableStart - tailStart), (int) (tableStart - tailStart + tableLength));
        } else {
            sealed = source.read(tableStart, (int) tableLength);
            if (sealed.length != tableLength) {
                throw new IntegrityException("snapshot " + id + " is truncated");
            }
        }
        byte[] plain;
        try {
            plain = crypto.open(SealKind.SNAPSHOT_TABLE, sealed);
        } catch (IntegrityException e) {
            throw new IntegrityException("snapshot " + id + " fails authentication (segment table; truncated or "
                    + "tampered)");
        }
        Table table;
        try {
            table = decodeTable(plain, headerDigest, segmentsStart);
        } catch (RuntimeException e) {
            throw new IntegrityException("snapshot " + id + " does not decode (segment table): " + e.getMessage(), e);
        }
        long end = table.entries().isEmpty() ? segmentsStart : table.entries().getLast().offset()
                + table.entries().getLast().sealedLength();
        if (end != tableStart) {
            throw new IntegrityException("snapshot " + id + ": its segments take " + (end - segmentsStart)
                    + " bytes, the blob has " + (tableStart - segmentsStart) + " for them (a segment dropped, added or "
                    + "truncated)");
        }
        return table;
    }

    static Table decodeTable(byte[] plain, byte[] headerDigest, long segmentsStart) {
        ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!Arrays.equals(magic, TABLE_MAGIC)) {
            throw new IllegalArgumentException("not a segment table (bad magic)");
        }
        FileNames.Encoding encoding = FileNames.Encoding.fromCode(b.get() & 0xff);
        byte[] digest = new byte[SnapshotCodec.DIGEST_LENGTH];
        b.get(digest);
        if (!MessageDigest.isEqual(digest, headerDigest)) {
            throw new IllegalArgumentException("the segment table belongs to another snapshot header");
        }
        long nodes = b.getLong();
        long count = b.getInt() & 0xffffffffL;
        if (nodes < 0 || count > b.remaining() / 45 || count > nodes) {
            throw new IllegalArgumentException("segment count out of range");
        }
        List<Entry> entries = new ArrayList<>((int) count);
        long offset = segmentsStart;
        long sum = 0;
        byte[] previousFirst = null;
        for (int i = 0; i < count; i++) {
            long sealed = b.getInt() & 0xffffffffL;
            long plainLength = b.getInt() & 0xffffffffL;
            long n = b.getInt() & 0xffffffffL;
            if (sealed < Crypto.OVERHEAD || sealed > Integer.MAX_VALUE - 16 || plainLength > Integer.MAX_VALUE - 16
                    || plainLength < SEGMENT_PREFIX || n == 0 || n > plainLength) {
                throw new IllegalArgumentException("segment " + i + ": length or node count out of range");
            }
            byte[] sha = new byte[32];
            b.get(sha);
            int pathLength = varint(b);
            if (pathLength > b.remaining()) {
                throw new IllegalArgumentException("segment " + i + ": first path out of range");
            }
            byte[] first = new byte[pathLength];
            b.get(first);
            if (previousFirst != null && SnapshotCodec.compareStored(previousFirst, first, encoding) >= 0) {
                throw new IllegalArgumentException("segment " + i + ": out of order");
            }
            previousFirst = first;
            entries.add(new Entry(offset, (int) sealed, (int) plainLength, (int) n, sha, first));
            offset += sealed;
            sum += n;
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes after the segment table");
        }
        if (sum != nodes) {
            throw new IllegalArgumentException("the segments hold " + sum + " nodes, the table says " + nodes);
        }
        return new Table(encoding, nodes, List.copyOf(entries));
    }

    private static int varint(ByteBuffer b) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int x = b.get() & 0xff;
            value |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                if (value < 0) {
                    break;
                }
                return value;
            }
        }
        throw new IllegalArgumentException("varint out of range");
    }

    /**
     * Reads the nodes of a version 4 blob one segment at a time, each node handed to {@code sink}; with
     * {@code fromPath} (an in-memory path, or null), starts at the last segment whose first path is not after it
     * (nodes before {@code fromPath} in that segment are still handed over: callers filter). Every segment read is
     * checked against the table (length, SHA-256), opened, and its nodes checked for order against the previous
     * segment's. A {@link RuntimeException} of the sink ends the reading (wrapped in an {@link IntegrityException}
     * whose cause it is, as {@link Repository#decodeSnapshot} always did).
     */
    static void readNodes(Crypto crypto, String id, Source source, Table table, byte[] headerDigest, String fromPath,
            Consumer<Snapshot.Node> sink) throws IOException {
        List<Entry> entries = table.entries();
        FileNames.Encoding encoding = table.encoding();
        int start = 0;
        if (fromPath != null && !entries.isEmpty()) {
            byte[] from = encoding.encode(fromPath);
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (SnapshotCodec.compareStored(entries.get(i).firstPath(), from, encoding) <= 0) {
                    start = i;
                    break;
                }
            }
        }
        SnapshotCodec.Order order = new SnapshotCodec.Order();
        Map<String, String> names = new HashMap<>();
        for (int i = start; i < entries.size(); i++) {
            Entry e = entries.get(i);
            byte[] sealed = source.read(e.offset(), e.sealedLength());
            if (sealed.length != e.sealedLength()) {
                throw new IntegrityException("snapshot " + id + " is truncated (segment " + i + " of "
                        + entries.size() + ")");
            }
            if (!MessageDigest.isEqual(sha256().digest(sealed), e.sha256())) {
                throw new IntegrityException("snapshot " + id + ": segment " + i + " of " + entries.size()
                        + " is not the one its table names (swapped, reordered or tampered)");
            }
            byte[] frame;
            try {
                frame = crypto.open(SealKind.SNAPSHOT_SEGMENT, sealed);
            } catch (IntegrityException x) {
                throw new IntegrityException("snapshot " + id + " fails authentication (segment " + i + ")");
            }
            sealed = null;
            int index = i;
            try {
                long plain = Zstd.getFrameContentSize(frame);
                if (plain != e.plainLength()) {
                    throw new IllegalArgumentException("segment " + i + ": " + plain + " bytes of plaintext, the "
                            + "table says " + e.plainLength());
                }
                try (var zstd = new ZstdInputStreamNoFinalizer(
                        new ByteArrayInputStream(frame))) {
                    SnapshotCodec.NodeInput in = new SnapshotCodec.NodeInput(zstd, plain);
                    byte[] magic = new byte[4];
                    in.get(magic, 0, 4);
                    if (!Arrays.equals(magic, SEGMENT_MAGIC)) {
                        throw new IllegalArgumentException("segment " + i + ": bad magic");
                    }
                    byte[] digest = new byte[SnapshotCodec.DIGEST_LENGTH];
                    in.get(digest, 0, digest.length);
                    if (!MessageDigest.isEqual(digest, headerDigest)) {
                        throw new IllegalArgumentException("segment " + i + " belongs to another snapshot header");
                    }
                    if (in.getInt() != index) {
                        throw new IllegalArgumentException("segment " + i + " says it is another segment (reordered)");
                    }
                    if (in.getInt() != e.nodes()) {
                        throw new IllegalArgumentException("segment " + i + ": node count differs from the table's");
                    }
                    boolean[] first = {true};
                    SnapshotCodec.decodeBodies(in, e.nodes(), true, encoding, order, names, n -> {
                        if (first[0]) {
                            first[0] = false;
                            if (!Arrays.equals(encoding.encode(n.path()), e.firstPath())) {
                                throw new IllegalArgumentException("segment " + index
                                        + ": first path differs from the table's");
                            }
                        }
                        sink.accept(n);
                    });
                    if (in.hasRemaining()) {
                        throw new IllegalArgumentException("trailing bytes after segment " + i);
                    }
                }
            } catch (IOException x) {
                throw new IntegrityException("snapshot " + id + " does not decode: segment " + i
                        + " does not decompress: " + x.getMessage(), x);
            } catch (RuntimeException x) {
                throw new IntegrityException("snapshot " + id + " does not decode: " + x.getMessage(), x);
            }
        }
    }

    static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
