package io.vaultfleet.agent.repo;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.github.luben.zstd.Zstd;

/**
 * Writes a recovery point in snapshot format version 2 (docs/format.md §8, "VFN2"), as agents before decision 019
 * did: names as {@code String.getBytes(UTF_8)}, no order check. Tests use it to show what this agent does with such
 * points, including the repeated paths version 2 could hold.
 */
public final class Version2Snapshots {
    private Version2Snapshots() {
    }

    public static String write(Repository repo, Snapshot s) throws Exception {
        Crypto crypto = repo.crypto();
        byte[] header = crypto.seal(SealKind.SNAPSHOT, Zstd.compress(SnapshotCodec.encodeHeader(s), 3));
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(header);
        byte[] nodes = crypto.seal(SealKind.SNAPSHOT_NODES, Zstd.compress(nodes(s.nodes(), digest), 3));
        byte[] blob = new byte[4 + header.length + nodes.length];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).putInt(header.length);
        System.arraycopy(header, 0, blob, 4, header.length);
        System.arraycopy(nodes, 0, blob, 4 + header.length, nodes.length);
        return repo.writeSealedSnapshot(blob);
    }

    static byte[] nodes(List<Snapshot.Node> nodes, byte[] digest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("VFN2".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(digest);
        int32(out, nodes.size());
        for (Snapshot.Node n : nodes) {
            byte[] path = n.path().getBytes(StandardCharsets.UTF_8);
            varint(out, 0); // no shared prefix: allowed, and simplest
            varint(out, path.length);
            out.writeBytes(path);
            out.write(n.type().ordinal());
            int32(out, n.mode());
            int32(out, n.uid());
            int32(out, n.gid());
            string(out, n.user());
            string(out, n.group());
            for (long v : new long[] {n.mtime(), n.atime(), n.ctime(), n.inode(), n.size()}) {
                int64(out, v);
            }
            string(out, n.target());
            int64(out, n.device());
            varint(out, n.chunks().size());
            for (ChunkId c : n.chunks()) {
                out.writeBytes(c.bytes());
            }
        }
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        if (s == null) {
            varint(out, 0);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(out, b.length + 1);
        out.writeBytes(b);
    }

    private static void varint(ByteArrayOutputStream out, int v) {
        while (v >= 0x80) {
            out.write(v | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        for (int i = 0; i < 4; i++) {
            out.write(v >>> (8 * i));
        }
    }

    private static void int64(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }
}
