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
    /**
     * What new recovery points are written as: version 4, the nodes in sealed segments read one at a time (decision
     * 032); versions 2 and 3 (the nodes as one sealed object) are still read (docs/format.md §8).
     */
    public static final int VERSION = 4;

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
     * What few nodes have, kept out of {@link Node} so the many that have none cost one null reference (memory per
     * node bounds how many files a backup can hold): the rdev of device nodes, the file system's device id (st_dev)
     * and link count of hard-linked files, flags ({@link #FLAG_SPARSE}) and extended attributes. Normalised: the device
     * id only counts with more than one link, and a record with nothing in it is null in its node.
     */
    public record Extra(long device, long fsDevice, int links, int flags, List<Xattr> xattrs) {
        public Extra {
            links = Math.max(1, links);
            fsDevice = links > 1 ? fsDevice : 0;
            xattrs = List.copyOf(xattrs);
        }

        boolean isEmpty() {
            return device == 0 && links == 1 && flags == 0 && xattrs.isEmpty();
        }
    }

    /**
     * One file system object. Times are nanoseconds since the epoch (negative before 1970); {@code mode} is the POSIX
     * permission bits (-1 when the file system has none); {@code inode} and {@code ctime} serve the unchanged-file
     * test and, with {@link #fsDevice()} and {@link #links()}, let restore re-create hard links.
     */
    public record Node(String path, Type type, int mode, int uid, int gid, String user, String group, long mtime,
            long atime, long ctime, long inode, long size, String target, List<ChunkId> chunks, Extra extra) {
        public Node {
            if (extra != null && extra.isEmpty()) {
                extra = null;
            }
        }

        /** A node without the version 3 fields (no hard link facts, no flags, no extended attributes). */
        public Node(String path, Type type, int mode, int uid, int gid, String user, String group, long mtime,
                long atime, long ctime, long inode, long size, String target, long device, List<ChunkId> chunks) {
            this(path, type, mode, uid, gid, user, group, mtime, atime, ctime, inode, size, target, chunks,
                    device == 0 ? null : new Extra(device, 0, 1, 0, List.of()));
        }

        public Node(String path, Type type, int mode, int uid, int gid, String user, String group, long mtime,
                long atime, long ctime, long inode, long size, String target, long device, List<ChunkId> chunks,
                long fsDevice, int links, int flags, List<Xattr> xattrs) {
            this(path, type, mode, uid, gid, user, group, mtime, atime, ctime, inode, size, target, chunks,
                    new Extra(device, fsDevice, links, flags, xattrs));
        }

        /** The rdev of a device node; 0 otherwise. */
        public long device() {
            return extra == null ? 0 : extra.device();
        }

        /** The file system's device id (st_dev) of a file with more than one link; 0 otherwise. */
        public long fsDevice() {
            return extra == null ? 0 : extra.fsDevice();
        }

        /** The hard link count (1 when not linked or unknown). */
        public int links() {
            return extra == null ? 1 : extra.links();
        }

        public int flags() {
            return extra == null ? 0 : extra.flags();
        }

        public List<Xattr> xattrs() {
            return extra == null ? List.of() : extra.xattrs();
        }

        public boolean sparse() {
            return (flags() & FLAG_SPARSE) != 0;
        }

        public Node withPath(String newPath) {
            return new Node(newPath, type, mode, uid, gid, user, group, mtime, atime, ctime, inode, size, target,
                    chunks, extra);
        }

        public Node withContent(long newSize, List<ChunkId> newChunks) {
            return new Node(path, type, mode, uid, gid, user, group, mtime, atime, ctime, inode, newSize, target,
                    newChunks, extra);
        }

        /** This node with other flags and extended attributes (what the walk learns after the basic metadata). */
        public Node withFlagsAndXattrs(int newFlags, List<Xattr> newXattrs) {
            return new Node(path, type, mode, uid, gid, user, group, mtime, atime, ctime, inode, size, target,
                    chunks, new Extra(device(), fsDevice(), links(), newFlags, newXattrs));
        }
    }
}
