package io.vaultfleet.agent.repo;

import java.util.List;

/**
 * A recovery point's manifest, stored sealed in {@code snapshots/<id>}: what was backed up, when, and every node
 * (file, folder, link, special file) with its metadata and, for files, its chunk ids in order. Encoded by
 * {@link SnapshotCodec}.
 */
public record Snapshot(int version, String time, String host, String item, List<String> paths, String parent,
        Stats stats, List<String> packs, List<Node> nodes) {
    public static final int VERSION = 2;

    /** Totals of one backup run. */
    public record Stats(long files, long dirs, long others, long totalBytes, long newBytes, long reusedBytes,
            long storedBytesAdded, long packsAdded, long warnings) {
    }

    public enum Type { FILE, DIR, SYMLINK, FIFO, CHAR_DEVICE, BLOCK_DEVICE, SOCKET }

    /**
     * One file system object. Times are nanoseconds since the epoch; {@code mode} is the POSIX permission bits (-1
     * when the file system has none); {@code inode} and {@code ctime} serve the unchanged-file test only.
     */
    public record Node(String path, Type type, int mode, int uid, int gid, String user, String group, long mtime,
            long atime, long ctime, long inode, long size, String target, long device, List<ChunkId> chunks) {
    }
}
