package io.vaultfleet.agent.source;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.agent.repo.Snapshot.Type;

/**
 * Walks a {@link FileSelection} depth first, without following symbolic links, and reports each kept path with its
 * metadata. Unreadable folders and paths whose metadata cannot be read become warnings.
 */
public final class FileWalker {
    private static final boolean UNIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
            .contains("unix");

    private static final String UNIX_ATTRIBUTES =
            "unix:mode,uid,gid,ino,ctime,size,lastModifiedTime,lastAccessTime,rdev";
    // user and group names by id: the JDK resolves them on every call (an NSS lookup per file otherwise)
    private static final Map<Integer, String> USER_NAMES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<Integer, String> GROUP_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private FileWalker() {
    }

    /** Counts what a walk would back up (sizes from the directory walk alone, for progress totals). */
    public static void count(FileSelection selection, java.util.function.LongConsumer onFileSize) {
        FileSelection.Matcher matcher = selection.matcher();
        for (Path root : selection.roots()) {
            try {
                Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return !dir.equals(root) && matcher.excluded(dir) ? FileVisitResult.SKIP_SUBTREE
                                : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile() && !matcher.excluded(file) && matcher.included(file)) {
                            onFileSize.accept(attrs.size());
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException exc) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // the real walk reports it
            }
        }
    }

    public static void walk(FileSelection selection, Consumer<SourceEntry> onEntry, Consumer<SourceWarning> onWarning) {
        FileSelection.Matcher matcher = selection.matcher();
        for (Path root : selection.roots()) {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                onWarning.accept(new SourceWarning(root.toString(), "does not exist"));
                continue;
            }
            try {
                Files.walkFileTree(root, Set.of(), Integer.MAX_VALUE, new FileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (!dir.equals(root) && matcher.excluded(dir)) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        emit(dir, onEntry, onWarning);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (matcher.excluded(file) || (attrs.isRegularFile() && !matcher.included(file))) {
                            return FileVisitResult.CONTINUE;
                        }
                        emit(file, onEntry, onWarning);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException exc) {
                        onWarning.accept(new SourceWarning(file.toString(), "cannot be read: " + describe(exc)));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
                        if (exc != null) {
                            onWarning.accept(new SourceWarning(dir.toString(), "listing failed: " + describe(exc)));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                onWarning.accept(new SourceWarning(root.toString(), describe(e)));
            }
        }
    }

    static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void emit(Path path, Consumer<SourceEntry> onEntry, Consumer<SourceWarning> onWarning) {
        try {
            onEntry.accept(new SourceEntry(path, describe(path)));
        } catch (IOException e) {
            onWarning.accept(new SourceWarning(path.toString(), "metadata cannot be read: " + describe(e)));
        }
    }

    /** The node for one path (no chunks). */
    public static Snapshot.Node describe(Path path) throws IOException {
        if (UNIX) {
            // named attributes only: "unix:*" would also resolve owner and group names, an NSS lookup per file
            Map<String, Object> a = Files.readAttributes(path, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            Type type = typeOf(mode);
            String target = type == Type.SYMLINK ? Files.readSymbolicLink(path).toString() : null;
            int uid = (Integer) a.get("uid");
            int gid = (Integer) a.get("gid");
            String user = USER_NAMES.get(uid);
            String group = GROUP_NAMES.get(gid);
            if (user == null || group == null) {
                var posix = Files.readAttributes(path, java.nio.file.attribute.PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                user = posix.owner().getName();
                group = posix.group().getName();
                USER_NAMES.putIfAbsent(uid, user);
                GROUP_NAMES.putIfAbsent(gid, group);
            }
            return new Snapshot.Node(path.toString(), type, mode & 07777, uid, gid, user, group, nanos((FileTime) a.get("lastModifiedTime")),
                    nanos((FileTime) a.get("lastAccessTime")), nanos((FileTime) a.get("ctime")), (Long) a.get("ino"),
                    type == Type.FILE ? (Long) a.get("size") : 0, target,
                    type == Type.CHAR_DEVICE || type == Type.BLOCK_DEVICE ? (Long) a.get("rdev") : 0, List.of());
        }
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Type type = a.isDirectory() ? Type.DIR : a.isSymbolicLink() ? Type.SYMLINK : a.isRegularFile() ? Type.FILE
                : Type.FIFO;
        String target = type == Type.SYMLINK ? Files.readSymbolicLink(path).toString() : null;
        return new Snapshot.Node(path.toString(), type, -1, -1, -1, null, null, nanos(a.lastModifiedTime()),
                nanos(a.lastAccessTime()), nanos(a.creationTime()), 0, type == Type.FILE ? a.size() : 0, target, 0,
                List.of());
    }

    static Type typeOf(int mode) {
        return switch (mode & 0170000) {
            case 0040000 -> Type.DIR;
            case 0120000 -> Type.SYMLINK;
            case 0010000 -> Type.FIFO;
            case 0020000 -> Type.CHAR_DEVICE;
            case 0060000 -> Type.BLOCK_DEVICE;
            case 0140000 -> Type.SOCKET;
            default -> Type.FILE;
        };
    }

    static long nanos(FileTime time) {
        return time == null ? 0 : time.to(TimeUnit.NANOSECONDS);
    }

    /** POSIX permissions from mode bits (for restore). */
    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }
}
