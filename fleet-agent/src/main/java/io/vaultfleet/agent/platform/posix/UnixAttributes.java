package io.vaultfleet.agent.platform.posix;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;

/**
 * What {@code lstat(2)} says of a file, as a backup records it. Read through the typed {@link PosixFileAttributes},
 * whose JDK object ({@code sun.nio.fs.UnixFileAttributes}) already holds every field of the call; its accessors for
 * mode, owner ids, inode, device, link count and change time are package-private, reached with
 * {@code --add-opens java.base/sun.nio.fs=ALL-UNNAMED} (every agent process has it: {@code jobs/ChildProcesses},
 * the launchers). Without that the same values come from the named-attribute API ({@code "unix:mode,uid,..."}),
 * which parses the names and builds a map of boxed values for every file: a walk of 50,000 files allocated ~75 MB
 * for it, more than anything else it did (decision 038). Both give the same values
 * ({@code UnixAttributesTest}).
 */
public record UnixAttributes(int mode, int uid, int gid, long ino, long dev, long rdev, int nlink, long size,
        FileTime lastModifiedTime, FileTime lastAccessTime, FileTime ctime) {
    static final String NAMES = "unix:mode,uid,gid,ino,dev,rdev,nlink,size,lastModifiedTime,lastAccessTime,ctime";
    private static final Class<?> TYPE;
    private static final MethodHandle MODE;
    private static final MethodHandle UID;
    private static final MethodHandle GID;
    private static final MethodHandle INO;
    private static final MethodHandle DEV;
    private static final MethodHandle RDEV;
    private static final MethodHandle NLINK;
    private static final MethodHandle CTIME;

    static {
        Class<?> type = null;
        MethodHandle[] handles = new MethodHandle[8];
        try {
            type = Class.forName("sun.nio.fs.UnixFileAttributes");
            var lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            String[] names = {"mode", "uid", "gid", "ino", "dev", "rdev", "nlink", "ctime"};
            Class<?>[] returns = {int.class, int.class, int.class, long.class, long.class, long.class, int.class,
                    FileTime.class};
            for (int i = 0; i < names.length; i++) {
                handles[i] = lookup.findVirtual(type, names[i], MethodType.methodType(returns[i]))
                        .asType(MethodType.methodType(returns[i], Object.class));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not a JDK on a Unix, or sun.nio.fs not opened to us: the named attributes below
            type = null;
        }
        TYPE = type;
        MODE = handles[0];
        UID = handles[1];
        GID = handles[2];
        INO = handles[3];
        DEV = handles[4];
        RDEV = handles[5];
        NLINK = handles[6];
        CTIME = handles[7];
    }

    /** The attributes of {@code path} itself (a symbolic link's own, not its target's). */
    public static UnixAttributes read(Path path) throws IOException {
        if (TYPE != null) {
            PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (TYPE.isInstance(a)) {
                return fromJdk(a);
            }
        }
        return readNamed(path);
    }

    /** Whether {@link #read} takes the direct way (false: the named attributes, slower). */
    static boolean direct() {
        return TYPE != null;
    }

    /** Through the named-attribute API: what {@link #read} falls back to. */
    static UnixAttributes readNamed(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, NAMES, LinkOption.NOFOLLOW_LINKS);
        return new UnixAttributes((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"),
                (Long) a.get("ino"), (Long) a.get("dev"), (Long) a.get("rdev"), (Integer) a.get("nlink"),
                (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"), (FileTime) a.get("lastAccessTime"),
                (FileTime) a.get("ctime"));
    }

    private static UnixAttributes fromJdk(Object a) {
        try {
            return new UnixAttributes((int) MODE.invokeExact(a), (int) UID.invokeExact(a), (int) GID.invokeExact(a),
                    (long) INO.invokeExact(a), (long) DEV.invokeExact(a), (long) RDEV.invokeExact(a),
                    (int) NLINK.invokeExact(a), ((PosixFileAttributes) a).size(),
                    ((PosixFileAttributes) a).lastModifiedTime(), ((PosixFileAttributes) a).lastAccessTime(),
                    (FileTime) CTIME.invokeExact(a));
        } catch (Throwable e) {
            // plain field reads: nothing here throws
            throw new IllegalStateException("reading " + TYPE.getName() + " failed", e);
        }
    }
}
