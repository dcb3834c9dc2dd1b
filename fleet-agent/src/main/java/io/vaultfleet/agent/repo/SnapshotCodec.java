package io.vaultfleet.agent.repo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

import io.vaultfleet.agent.platform.FileNames;

/**
 * The two plaintexts of a snapshot (before zstd and sealing), format version 3: the header, JSON (everything but the
 * nodes), and the nodes: {@code "VFN3"}, the name encoding, the SHA-256 of the sealed header they belong to, the node
 * count and the nodes in a compact binary form, each path stored as the number of bytes it shares with the previous
 * node's path plus the rest, paths in byte order, none twice (decision 019). Version 2 ({@code "VFN2"}, UTF-8
 * names, no hard link facts, flags or extended attributes) is still read. docs/format.md §8 gives every byte. The
 * header is sealed apart so that {@code list} and
 * {@code latest} read a few KiB per recovery point, not whole manifests.
 */
public final class SnapshotCodec {
    private static final byte[] MAGIC_V2 = "VFN2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAGIC = "VFN3".getBytes(StandardCharsets.US_ASCII);
    public static final int DIGEST_LENGTH = 32;
    private static final Snapshot.Type[] TYPES = Snapshot.Type.values();
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** The header: a snapshot without its nodes. */
    private record Header(int version, String nameEncoding, String time, String host, String item,
            List<String> paths, String parent, Snapshot.Stats stats, List<String> packs) {
    }

    /** The header's {@code nameEncoding} value for an encoding (version 3; absent in version 2). */
    static String headerName(FileNames.Encoding e) {
        return e == FileNames.Encoding.POSIX_BYTES ? "posix-bytes" : "wtf-8";
    }

    private SnapshotCodec() {
    }

    /** The header plaintext: JSON of every field but the nodes. */
    public static byte[] encodeHeader(Snapshot s) {
        return Json.MAPPER.writeValueAsBytes(new Header(s.version(),
                s.version() >= 3 ? headerName(FileNames.Encoding.local()) : null, s.time(), s.host(), s.item(),
                s.paths(), s.parent(), s.stats(), s.packs()));
    }

    /** A snapshot without nodes, from its header plaintext. */
    public static Snapshot decodeHeader(byte[] json) {
        Header h = Json.MAPPER.readValue(json, Header.class);
        if (h.version() != 2 && h.version() != Snapshot.VERSION) {
            throw new IllegalArgumentException("unsupported snapshot version " + h.version());
        }
        return new Snapshot(h.version(), h.time(), h.host(), h.item(), h.paths(), h.parent(), h.stats(), h.packs(),
                List.of());
    }

    /** The nodes plaintext in this platform's name encoding, bound to the sealed header by its SHA-256. */
    public static byte[] encodeNodes(List<Snapshot.Node> nodes, byte[] headerDigest) {
        return encodeNodes(nodes, headerDigest, FileNames.Encoding.local());
    }

    /**
     * The version 3 nodes plaintext, bound to the sealed header by its SHA-256 ({@code headerDigest}). Nodes must be
     * in {@code encoding}'s order ({@link FileNames.Encoding#compare}); two nodes with the same path are refused
     * (restoring them would write one over the other).
     */
    public static byte[] encodeNodes(List<Snapshot.Node> nodes, byte[] headerDigest, FileNames.Encoding encoding) {
        Out out = new Out(64 + nodes.size() * 160, null);
        encodeNodes(nodes, headerDigest, encoding, out);
        return out.toByteArray();
    }

    /**
     * The version 3 nodes plaintext compressed with zstd at {@code level}, in this platform's name encoding, without
     * ever holding the whole plaintext: the nodes are encoded twice, once to learn the plaintext's length (the zstd
     * frame records it, as {@code Zstd.compress} does, so readers can size their buffer) and once through a streaming
     * compressor in blocks of {@link #BLOCK} bytes. The plaintext is about 100 bytes per tiny file; holding it (and
     * its copies while growing) was what made a backup of 200,000 files fail with a 160 MiB heap at its very end.
     */
    public static byte[] encodeNodesCompressed(Collection<Snapshot.Node> nodes, byte[] headerDigest, int level) {
        FileNames.Encoding encoding = FileNames.Encoding.local();
        long[] length = new long[1];
        encodeNodes(nodes, headerDigest, encoding, new Out(BLOCK, (b, off, len) -> length[0] += len));
        try (var zstd = new ZstdBlocks(level, length[0])) {
            Out out = new Out(BLOCK, zstd::write);
            encodeNodes(nodes, headerDigest, encoding, out);
            return zstd.finish();
        }
    }

    static final int BLOCK = 128 * 1024;

    private static void encodeNodes(Collection<Snapshot.Node> nodes, byte[] headerDigest, FileNames.Encoding encoding,
            Out out) {
        if (headerDigest.length != DIGEST_LENGTH) {
            throw new IllegalArgumentException("header digest must be 32 bytes");
        }
        out.bytes(MAGIC, 0, MAGIC.length);
        out.int8(encoding.ordinal());
        out.bytes(headerDigest, 0, DIGEST_LENGTH);
        out.int32(nodes.size());
        byte[] previous = null;
        for (Snapshot.Node n : nodes) {
            byte[] path = encoding.encode(n.path());
            if (previous != null) {
                int order = compareStored(previous, path, encoding);
                if (order == 0) {
                    throw new IllegalArgumentException("two nodes with the same path: " + FileNames.display(n.path()));
                }
                if (order > 0) {
                    throw new IllegalArgumentException("nodes not in path order at " + FileNames.display(n.path()));
                }
            }
            int shared = previous == null ? 0 : Arrays.mismatch(previous, path);
            if (shared < 0) {
                shared = path.length;
            } else if (previous != null) {
                shared = Math.min(shared, Math.min(previous.length, path.length));
            }
            out.varint(shared);
            out.varint(path.length - shared);
            out.bytes(path, shared, path.length - shared);
            previous = path;
            out.int8(n.type().ordinal());
            out.int32(n.mode());
            out.int32(n.uid());
            out.int32(n.gid());
            out.string(n.user());
            out.string(n.group());
            out.int64(n.mtime());
            out.int64(n.atime());
            out.int64(n.ctime());
            out.int64(n.inode());
            out.int64(n.size());
            out.name(n.target() == null ? null : encoding.encode(n.target()));
            out.int64(n.device());
            out.int64(n.fsDevice());
            out.varint(n.links());
            out.varint(n.flags());
            out.varint(n.xattrs().size());
            for (Snapshot.Xattr x : n.xattrs()) {
                out.name(encoding.encode(x.name()));
                out.varint(x.value().length);
                out.bytes(x.value(), 0, x.value().length);
            }
            out.varint(n.chunks().size());
            for (ChunkId c : n.chunks()) {
                out.chunkId(c);
            }
            out.spill();
        }
        out.flush();
    }

    /** Stored paths compared byte by byte, the separator before any other byte (component-wise order). */
    static int compareStored(byte[] a, byte[] b, FileNames.Encoding encoding) {
        return compareStored(a, a.length, b, b.length, encoding);
    }

    static int compareStored(byte[] a, int aLength, byte[] b, int bLength, FileNames.Encoding encoding) {
        int sep = encoding == FileNames.Encoding.POSIX_BYTES ? '/' : '\\';
        int m = Math.min(aLength, bLength);
        for (int k = 0; k < m; k++) {
            if (a[k] != b[k]) {
                int x = a[k] == sep ? 0 : (a[k] & 0xff) + 1;
                int y = b[k] == sep ? 0 : (b[k] & 0xff) + 1;
                return Integer.compare(x, y);
            }
        }
        return Integer.compare(aLength, bLength);
    }

    /**
     * Decodes the nodes plaintext, version 3 or 2 (by its magic); {@link IllegalArgumentException} when it is
     * malformed, out of order (version 3) or belongs to another header than the one whose SHA-256 is
     * {@code headerDigest}.
     */
    public static List<Snapshot.Node> decodeNodes(byte[] plain, byte[] headerDigest) {
        List<Snapshot.Node> nodes = new ArrayList<>();
        decodeNodes(new NodeInput(new ByteArrayInputStream(plain), plain.length), headerDigest, nodes::add);
        return nodes;
    }

    /**
     * Decodes the nodes from their zstd frame as {@link #decodeNodes(byte[], byte[])} does, handing each node to
     * {@code sink} as it is read: the plaintext is decompressed a block at a time and never held whole (about 100
     * bytes per tiny file, the largest single allocation of a restore or of the next backup's metadata cache).
     * The frame must record its content size (every writer of this format does): it bounds every count read.
     */
    public static void decodeNodesFrame(byte[] frame, byte[] headerDigest, Consumer<Snapshot.Node> sink) {
        long size = Zstd.getFrameContentSize(frame);
        if (size < 0) {
            throw new IllegalArgumentException("no usable content size in the zstd frame");
        }
        try (var zstd = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(frame))) {
            decodeNodes(new NodeInput(zstd, size), headerDigest, sink);
        } catch (IOException e) {
            throw new IllegalArgumentException("the nodes do not decompress: " + e.getMessage(), e);
        }
    }

    private static void decodeNodes(NodeInput in, byte[] headerDigest, Consumer<Snapshot.Node> sink) {
        byte[] magic = new byte[4];
        in.get(magic, 0, 4);
        boolean v3 = Arrays.equals(magic, MAGIC);
        if (!v3 && !Arrays.equals(magic, MAGIC_V2)) {
            throw new IllegalArgumentException("not snapshot nodes (bad magic)");
        }
        // version 2 stored names as UTF-8 of Java strings: the same bytes as WTF-8 for everything it could hold
        FileNames.Encoding encoding = v3 ? FileNames.Encoding.fromCode(in.get() & 0xff) : FileNames.Encoding.WTF8;
        byte[] digest = new byte[DIGEST_LENGTH];
        in.get(digest, 0, DIGEST_LENGTH);
        if (!MessageDigest.isEqual(digest, headerDigest)) {
            throw new IllegalArgumentException("the nodes belong to another snapshot header");
        }
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new IllegalArgumentException("node count out of range");
        }
        byte[] path = new byte[256];
        byte[] previous = new byte[256]; // version 3: the previous path, to check the order (reused, not per node)
        int previousLength = -1;
        int pathLength = 0;
        // owner and group names repeat from node to node: one String each instead of one per node
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int shared = in.varint();
            int rest = in.varint();
            if (shared > pathLength || rest > in.remaining()) {
                throw new IllegalArgumentException("node " + i + ": path out of range");
            }
            if (shared + rest > path.length) {
                path = Arrays.copyOf(path, Math.max(path.length * 2, shared + rest));
            }
            in.get(path, shared, rest);
            pathLength = shared + rest;
            if (v3) {
                if (previousLength >= 0 && compareStored(previous, previousLength, path, pathLength, encoding) >= 0) {
                    throw new IllegalArgumentException("node " + i + ": path repeated or out of order");
                }
                if (previous.length < pathLength) {
                    previous = new byte[path.length];
                }
                System.arraycopy(path, 0, previous, 0, pathLength);
                previousLength = pathLength;
            }
            int type = in.get() & 0xff;
            if (type >= TYPES.length) {
                throw new IllegalArgumentException("node " + i + ": unknown type " + type);
            }
            int mode = in.getInt();
            int uid = in.getInt();
            int gid = in.getInt();
            String user = shared(names, in.string());
            String group = shared(names, in.string());
            long mtime = in.getLong();
            long atime = in.getLong();
            long ctime = in.getLong();
            long inode = in.getLong();
            long size = in.getLong();
            String target = v3 ? in.name(encoding) : in.string();
            long device = in.getLong();
            long fsDevice = 0;
            int links = 1;
            int flags = 0;
            List<Snapshot.Xattr> xattrs = List.of();
            if (v3) {
                fsDevice = in.getLong();
                links = in.varint();
                flags = in.varint();
                int xattrCount = in.varint();
                if (xattrCount > in.remaining()) {
                    throw new IllegalArgumentException("node " + i + ": attribute count out of range");
                }
                if (xattrCount > 0) {
                    Snapshot.Xattr[] x = new Snapshot.Xattr[xattrCount];
                    for (int k = 0; k < xattrCount; k++) {
                        String name = in.name(encoding);
                        if (name == null) {
                            throw new IllegalArgumentException("node " + i + ": attribute without a name");
                        }
                        int length = in.varint();
                        if (length > in.remaining()) {
                            throw new IllegalArgumentException("node " + i + ": attribute value out of range");
                        }
                        byte[] value = new byte[length];
                        in.get(value, 0, length);
                        x[k] = new Snapshot.Xattr(name, value);
                    }
                    xattrs = List.of(x);
                }
            }
            int chunkCount = in.varint();
            if ((long) chunkCount * 32 > in.remaining()) {
                throw new IllegalArgumentException("node " + i + ": chunk count out of range");
            }
            ChunkId[] chunks = new ChunkId[chunkCount];
            for (int c = 0; c < chunkCount; c++) {
                chunks[c] = in.chunkId();
            }
            String decodedPath = v3 ? encoding.decode(path, 0, pathLength)
                    : new String(path, 0, pathLength, StandardCharsets.UTF_8);
            sink.accept(new Snapshot.Node(decodedPath, TYPES[type], mode, uid, gid, user, group, mtime, atime, ctime,
                    inode, size, target, device, List.of(chunks), fsDevice, links, flags, xattrs));
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes after the nodes");
        }
    }

    private static String shared(Map<String, String> names, String name) {
        if (name == null || names.size() > 4096) {
            return name; // a bounded table: a point with very many distinct owners just keeps its copies
        }
        String known = names.putIfAbsent(name, name);
        return known == null ? name : known;
    }

    /**
     * The nodes plaintext read from a stream whose total length is known (the zstd frame records it): little-endian
     * values through a 64 KiB window, every length checked against what is left.
     */
    private static final class NodeInput {
        private final InputStream src;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int lim;
        private long remaining;

        NodeInput(InputStream src, long length) {
            this.src = src;
            this.remaining = length;
        }

        long remaining() {
            return remaining;
        }

        /** True when bytes are left (declared but unread, or more than declared). */
        boolean hasRemaining() {
            if (remaining > 0 || pos < lim) {
                return true;
            }
            try {
                return src.read() >= 0;
            } catch (IOException e) {
                throw new IllegalArgumentException("the nodes do not decompress: " + e.getMessage(), e);
            }
        }

        /** Makes {@code n} (at most the window) bytes available at {@code pos}. */
        private void need(int n) {
            if (n > remaining) {
                throw new IllegalArgumentException("the nodes end early (truncated)");
            }
            if (lim - pos >= n) {
                return;
            }
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
            try {
                while (lim < n) {
                    int r = src.read(buf, lim, buf.length - lim);
                    if (r < 0) {
                        throw new IllegalArgumentException("the nodes end early (truncated)");
                    }
                    lim += r;
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("the nodes do not decompress: " + e.getMessage(), e);
            }
        }

        int get() {
            need(1);
            remaining--;
            return buf[pos++];
        }

        void get(byte[] dst, int off, int len) {
            while (len > 0) {
                int step = Math.min(len, buf.length);
                need(step);
                System.arraycopy(buf, pos, dst, off, step);
                pos += step;
                remaining -= step;
                off += step;
                len -= step;
            }
        }

        int getInt() {
            need(4);
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v |= (buf[pos++] & 0xff) << (8 * i);
            }
            remaining -= 4;
            return v;
        }

        long getLong() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (buf[pos++] & 0xffL) << (8 * i);
            }
            remaining -= 8;
            return v;
        }

        ChunkId chunkId() {
            need(ChunkId.LENGTH);
            ChunkId id = new ChunkId((long) BIG_ENDIAN_LONG.get(buf, pos), (long) BIG_ENDIAN_LONG.get(buf, pos + 8),
                    (long) BIG_ENDIAN_LONG.get(buf, pos + 16), (long) BIG_ENDIAN_LONG.get(buf, pos + 24));
            pos += ChunkId.LENGTH;
            remaining -= ChunkId.LENGTH;
            return id;
        }

        /** Unsigned LEB128, at most 5 bytes (values up to 2^31 - 1). */
        int varint() {
            int value = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = get() & 0xff;
                value |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    if (value < 0) {
                        break;
                    }
                    return value;
                }
            }
            throw new IllegalArgumentException("varint out of range");
        }

        private byte[] bytes(int n, String what) {
            if (n > remaining) {
                throw new IllegalArgumentException(what + " length out of range");
            }
            byte[] b = new byte[n];
            get(b, 0, n);
            return b;
        }

        /** varint(0) = null, else varint(byte length + 1) and the UTF-8 bytes. */
        String string() {
            int n = varint();
            if (n == 0) {
                return null;
            }
            if (n - 1 <= buf.length && n - 1 <= remaining) {
                need(n - 1);
                String s = new String(buf, pos, n - 1, StandardCharsets.UTF_8);
                pos += n - 1;
                remaining -= n - 1;
                return s;
            }
            return new String(bytes(n - 1, "string"), StandardCharsets.UTF_8);
        }

        /** varint(0) = null, else varint(byte length + 1) and the name's stored bytes. */
        String name(FileNames.Encoding encoding) {
            int n = varint();
            if (n == 0) {
                return null;
            }
            byte[] b = bytes(n - 1, "name");
            return encoding.decode(b, 0, b.length);
        }
    }

    /** A little-endian growable byte buffer. */
    private static final class Out {
        /** Where full blocks go; null: the buffer grows to hold everything. */
        interface Sink {
            void write(byte[] b, int off, int len);
        }

        private final Sink sink;
        private byte[] buf;
        private int size;

        Out(int capacity, Sink sink) {
            buf = new byte[Math.max(64, capacity)];
            this.sink = sink;
        }

        /** Between nodes: hands the buffer to the sink once it holds a block (one node may overrun it). */
        void spill() {
            if (sink != null && size >= BLOCK) {
                flush();
            }
        }

        void flush() {
            if (sink != null && size > 0) {
                sink.write(buf, 0, size);
                size = 0;
            }
        }

        private void ensure(int n) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }

        void bytes(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }

        void int8(int v) {
            ensure(1);
            buf[size++] = (byte) v;
        }

        void int32(int v) {
            ensure(4);
            for (int i = 0; i < 4; i++) {
                buf[size++] = (byte) (v >>> (8 * i));
            }
        }

        void int64(long v) {
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buf[size++] = (byte) (v >>> (8 * i));
            }
        }

        void varint(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("negative varint");
            }
            ensure(5);
            while (v >= 0x80) {
                buf[size++] = (byte) (v | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        void name(byte[] b) {
            if (b == null) {
                varint(0);
                return;
            }
            varint(b.length + 1);
            bytes(b, 0, b.length);
        }

        void string(String s) {
            if (s == null) {
                varint(0);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length + 1);
            bytes(b, 0, b.length);
        }

        /** The id's 32 bytes as {@link ChunkId#bytes()} gives them (big-endian longs). */
        void chunkId(ChunkId id) {
            ensure(ChunkId.LENGTH);
            BIG_ENDIAN_LONG.set(buf, size, id.a());
            BIG_ENDIAN_LONG.set(buf, size + 8, id.b());
            BIG_ENDIAN_LONG.set(buf, size + 16, id.c());
            BIG_ENDIAN_LONG.set(buf, size + 24, id.d());
            size += ChunkId.LENGTH;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
