package io.vaultfleet.agent.platform.posix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.Snapshot;

/**
 * The POSIX calls Java has no API for, through JNA on the C library (Linux, glibc): allocated blocks ({@code lstat}'s
 * {@code st_blocks}, to tell sparse files), times with nanoseconds on any file including symlinks
 * ({@code utimensat(AT_SYMLINK_NOFOLLOW)}: Java's {@code setTimes} follows links and turns pre-1970 times with a
 * fraction into 1970), and extended attributes of every namespace the process can read ({@code llistxattr},
 * {@code lgetxattr}, {@code lsetxattr}; never following links). Paths are passed as their exact bytes
 * ({@link FileNames#bytes(Path)}). {@link #available()} is false elsewhere (Windows, macOS, other architectures):
 * callers then say what is not kept.
 */
public final class PosixFiles {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int ENODATA = 61;
    private static final int ENOTSUP = 95;
    private static final int ERANGE = 34;

    /** {@code struct stat} on Linux x86-64 is 144 bytes, st_blocks at 64; on aarch64 128 bytes, st_blocks at 64. */
    private static final int STAT_SIZE = 144;
    private static final int ST_BLOCKS = 64;

    /**
     * JNA direct mapping (static natives bound once): a call costs about as much as one of the JDK's own, where an
     * interface proxy cost several microseconds per call, a lot for a walk that makes two calls per file.
     */
    static final class Core {
        static native int utimensat(int dirfd, byte[] path, long[] times, int flags) throws LastErrorException;

        static native long llistxattr(byte[] path, byte[] list, long size) throws LastErrorException;

        static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size) throws LastErrorException;

        static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags)
                throws LastErrorException;

        static native int mkfifo(byte[] path, int mode) throws LastErrorException;

        static native int truncate(byte[] path, long length) throws LastErrorException;
    }

    /** {@code lstat} is exported by glibc 2.33 and later. */
    static final class Stat {
        static native int lstat(byte[] path, byte[] buf) throws LastErrorException;
    }

    /** Before glibc 2.33, {@code lstat} is only this (version 1 on x86-64, 0 on aarch64). */
    static final class OldStat {
        static native int __lxstat(int version, byte[] path, byte[] buf) throws LastErrorException;
    }

    /** {@code mknod} is exported by glibc 2.33 and later (device nodes are re-created only there). */
    static final class Mknod {
        static native int mknod(byte[] path, int mode, long dev) throws LastErrorException;
    }

    private static final boolean AVAILABLE;
    private static final boolean NEW_STAT;
    private static final boolean MKNOD;
    private static final String UNAVAILABLE;

    static {
        boolean available = false;
        boolean newStat = false;
        boolean mknod = false;
        String unavailable = null;
        if (Platform.isLinux() && Platform.is64Bit() && (Platform.isIntel() || Platform.isARM())) {
            try {
                NativeLibrary c = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
                Native.register(Core.class, c);
                newStat = register(Stat.class, c);
                if (!newStat && !register(OldStat.class, c)) {
                    throw new UnsatisfiedLinkError("neither lstat nor __lxstat in the C library");
                }
                mknod = register(Mknod.class, c);
                available = true;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                unavailable = "the C library cannot be used through JNA: " + e.getMessage();
            }
        } else {
            unavailable = "extended attributes, sparse files and link times are kept on Linux (x86-64, aarch64) only";
        }
        AVAILABLE = available;
        NEW_STAT = newStat;
        MKNOD = mknod;
        UNAVAILABLE = unavailable;
    }

    private static boolean register(Class<?> type, NativeLibrary c) {
        try {
            Native.register(type, c);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    private PosixFiles() {
    }

    public static boolean available() {
        return AVAILABLE;
    }

    /** Why {@link #available()} is false, or null. */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    private static byte[] cPath(Path path) {
        byte[] b = FileNames.bytes(path);
        return Arrays.copyOf(b, b.length + 1);
    }

    private static byte[] cString(String name) {
        byte[] b = FileNames.posixBytes(name);
        return Arrays.copyOf(b, b.length + 1);
    }

    private static IOException failure(String what, Path path, LastErrorException e) {
        return new IOException(what + " failed: " + Errno.describe(e.getErrorCode()));
    }

    /** Bytes allocated to the file ({@code st_blocks × 512}), not following a link. */
    public static long allocatedBytes(Path path) throws IOException {
        byte[] buf = new byte[STAT_SIZE];
        try {
            if (NEW_STAT) {
                Stat.lstat(cPath(path), buf);
            } else {
                OldStat.__lxstat(Platform.isIntel() ? 1 : 0, cPath(path), buf);
            }
            return ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder()).getLong(ST_BLOCKS) * 512;
        } catch (LastErrorException e) {
            throw failure("lstat", path, e);
        }
    }

    /** Sets mtime and atime (nanoseconds since the epoch, negative before 1970) on the path itself, link or not. */
    public static void setTimes(Path path, long mtimeNanos, long atimeNanos) throws IOException {
        long[] times = {Math.floorDiv(atimeNanos, 1_000_000_000L), Math.floorMod(atimeNanos, 1_000_000_000L),
                Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L)};
        try {
            Core.utimensat(AT_FDCWD, cPath(path), times, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure("utimensat", path, e);
        }
    }

    /**
     * Every extended attribute of the path (not following a link) that can be read, names sorted; one that cannot
     * be read (e.g. {@code trusted.*} without root) goes to {@code unreadable} as "name: reason".
     */
    public static List<Snapshot.Xattr> readXattrs(Path path, List<String> unreadable) throws IOException {
        byte[] p = cPath(path);
        byte[] list;
        try {
            while (true) {
                long size = Core.llistxattr(p, null, 0);
                if (size == 0) {
                    return List.of();
                }
                list = new byte[(int) size];
                try {
                    long got = Core.llistxattr(p, list, list.length);
                    list = Arrays.copyOf(list, (int) got);
                    break;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != ERANGE) {
                        throw e; // grown meanwhile: ask again
                    }
                }
            }
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENOTSUP) {
                return List.of();
            }
            throw failure("llistxattr", path, e);
        }
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < list.length; i++) {
            if (list[i] == 0) {
                if (i > start) {
                    names.add(FileNames.fromPosixBytes(list, start, i - start));
                }
                start = i + 1;
            }
        }
        names.sort(FileNames.Encoding.POSIX_BYTES::compare);
        List<Snapshot.Xattr> out = new ArrayList<>(names.size());
        for (String name : names) {
            byte[] n = cString(name);
            try {
                byte[] value;
                while (true) {
                    long size = Core.lgetxattr(p, n, null, 0);
                    value = new byte[(int) size];
                    try {
                        long got = size == 0 ? 0 : Core.lgetxattr(p, n, value, value.length);
                        value = Arrays.copyOf(value, (int) got);
                        break;
                    } catch (LastErrorException e) {
                        if (e.getErrorCode() != ERANGE) {
                            throw e;
                        }
                    }
                }
                out.add(new Snapshot.Xattr(name, value));
            } catch (LastErrorException e) {
                if (e.getErrorCode() != ENODATA) { // removed since it was listed: nothing to keep
                    unreadable.add(FileNames.display(name) + ": " + Errno.describe(e.getErrorCode()));
                }
            }
        }
        return out;
    }

    /** Sets one extended attribute on the path (not following a link). */
    public static void setXattr(Path path, Snapshot.Xattr x) throws IOException {
        try {
            Core.lsetxattr(cPath(path), cString(x.name()), x.value(), x.value().length, 0);
        } catch (LastErrorException e) {
            throw failure("lsetxattr " + FileNames.display(x.name()), path, e);
        }
    }

    /** Makes a FIFO at the path (exact bytes: no tool that would get its name through a lossy string). */
    public static void mkfifo(Path path, int mode) throws IOException {
        try {
            Core.mkfifo(cPath(path), mode & 07777);
        } catch (LastErrorException e) {
            throw failure("mkfifo", path, e);
        }
    }

    /** Makes a character ({@code S_IFCHR}) or block ({@code S_IFBLK}) device node (root only). */
    public static void mknod(Path path, boolean character, int mode, long rdev) throws IOException {
        if (!MKNOD) {
            throw new IOException("mknod is not exported by this C library (glibc before 2.33)");
        }
        try {
            Mknod.mknod(cPath(path), (character ? 0020000 : 0060000) | (mode & 07777), rdev);
        } catch (LastErrorException e) {
            throw failure("mknod", path, e);
        }
    }

    /** Sets the file's length; growing it leaves a hole (no blocks allocated). */
    public static void setLength(Path path, long length) throws IOException {
        try {
            Core.truncate(cPath(path), length);
        } catch (LastErrorException e) {
            throw failure("truncate", path, e);
        }
    }

    /** errno values by name, for messages. */
    static final class Errno {
        private Errno() {
        }

        static String describe(int errno) {
            String name = switch (errno) {
                case 1 -> "EPERM (operation not permitted)";
                case 2 -> "ENOENT (no such file)";
                case 13 -> "EACCES (permission denied)";
                case 22 -> "EINVAL (invalid argument)";
                case 28 -> "ENOSPC (no space left)";
                case 34 -> "ERANGE";
                case 61 -> "ENODATA (no such attribute)";
                case 95 -> "ENOTSUP (not supported by the file system)";
                case 122 -> "EDQUOT (quota exceeded)";
                default -> null;
            };
            return name != null ? name : "errno " + errno;
        }
    }
}
