package io.vaultfleet.agent.repo;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A recovery point's manifest, stored sealed in {@code snapshots/<id>}: what was backed up, when, and every node
 * (file, folder, link, special file) with its metadata and, for files, its chunk ids in order. Encoded by
 * {@link SnapshotCodec}. Paths (and symlink targets) are lossless in-memory names
 * ({@link io.vaultfleet.agent.platform.FileNames}): show them with {@code FileNames.display}.
 */
public record Snapshot(int version, String time, String host, String item, List<String> paths, String parent,
        Stats stats, List<String> packs, List<Node> nodes) {
    /** What new recovery points are written as; version 2 is still read (docs/format.md §8). */
    public static final int VERSION = 3;

    /** Totals of one backup run. */
    public record Stats(long files, long dirs, long others, long totalBytes, long newBytes, long reusedBytes,
            long storedBytesAdded, long packsAdded, long warnings) {
    }

    public enum Type { FILE, DIR, SYMLINK, FIFO, CHAR_DEVICE, BLOCK_DEVICE, SOCKET }

    /** Node flag: the file had fewer blocks allocated than its size needs (holes); restore keeps runs of zeros out. */
    public static final int FLAG_SPARSE = 1;

    /** One extended attribute: its name (an in-memory name like paths) and its value, byte for byte. */
    public record Xattr(String name, byte[] value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Xattr x && x.name.equals(name) && Arrays.equals(x.value, value);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return name + "=" + HexFormat.of().formatHex(value);
        }
    }

    /**
     * One file system object. Times are nanoseconds since the epoch (negative before 1970); {@code mode} is the POSIX
     * permission bits (-1 when the file system has none); {@code inode} and {@code ctime} serve the unchanged-file
     * test; {@code device} is the rdev of device nodes, {@code fsDevice} the file system's device id (st_dev) which
     * with {@code inode} and {@code links} (the hard link count) lets restore re-create hard links.
     */
    public record Node(String path, Type type, int mode, int uid, int gid, String user, String group, long mtime,
            long atime, long ctime, long inode, long size, String target, long device, List<ChunkId> chunks,
            long fsDevice, int links, int flags, List<Xattr> xattrs) {
        /** A node without the version 3 fields (no hard link facts, no flags, no extended attributes). */
        public Node(String path, Type type, int mode, int uid, int gid, String user, String group, long mtime,
                long atime, long ctime, long inode, long size, String target, long device, List<ChunkId> chunks) {
            this(path, type, mode, uid, gid, user, group, mtime, atime, ctime, inode, size, target, device, chunks, 0,
                    1, 0, List.of());
        }

        public Node withPath(String newPath) {
            return new Node(newPath, type, mode, uid, gid, user, group, mtime, atime, ctime, inode, size, target,
                    device, chunks, fsDevice, links, flags, xattrs);
        }

        public Node withContent(long newSize, List<ChunkId> newChunks) {
            return new Node(path, type, mode, uid, gid, user, group, mtime, atime, ctime, inode, newSize, target,
                    device, newChunks, fsDevice, links, flags, xattrs);
        }

        public boolean sparse() {
            return (flags & FLAG_SPARSE) != 0;
        }
    }
}
