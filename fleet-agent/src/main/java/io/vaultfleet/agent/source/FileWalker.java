package io.vaultfleet.agent.source;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.platform.posix.PosixFiles;
import io.vaultfleet.agent.platform.posix.UnixAttributes;
import io.vaultfleet.agent.platform.windows.AlternateStreams;
import io.vaultfleet.agent.platform.windows.NtfsPermissions;
import io.vaultfleet.agent.platform.windows.Win32AlternateStreams;
import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.agent.repo.Snapshot.Type;

/**
 * Walks a {@link FileSelection} depth first, without following symbolic links, and reports each kept path with its
 * metadata. Unreadable folders and paths whose metadata cannot be read become warnings.
 */
public final class FileWalker {
    private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

    private static final NtfsPermissions NTFS = UNIX ? null : NtfsPermissions.ofDefaultFileSystem();
    private static final AlternateStreams STREAMS = UNIX ? null : new AlternateStreams(new Win32AlternateStreams());
    /** Why reading alternate data streams failed for good (the native calls did not link), or null. */
    private static volatile String streamsBroken;
    /** Files from this size on are checked for holes (decision 019). */
    static final long SPARSE_CHECK_FROM = 64 * 1024;
    // user and group names by id: the JDK resolves them on every call (an NSS lookup per file otherwise)
    private static final Map<Integer, String> USER_NAMES = new ConcurrentHashMap<>();
    private static final Map<Integer, String> GROUP_NAMES = new ConcurrentHashMap<>();

    private FileWalker() {
    }

    /**
     * Forgets the user and group names learnt so far, so the next walk asks the system again (a process that walked
     * once and then waits, like the service's standby backup process, must not carry names that may have changed).
     */
    public static void forgetNames() {
        USER_NAMES.clear();
        GROUP_NAMES.clear();
    }

    /** Counts what a walk would back up (sizes from the directory walk alone, for progress totals). */
    public static void count(FileSelection selection, LongConsumer onFileSize) {
        FileSelection.Matcher matcher = selection.matcher();
        for (Path recordedRoot : selection.roots()) {
            Path root = selection.readRootOf(recordedRoot);
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return !dir.equals(root) && matcher.excluded(recorded(recordedRoot, root, dir))
                                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        Path shown = recorded(recordedRoot, root, file);
                        if (attrs.isRegularFile() && !matcher.excluded(shown) && matcher.included(shown)) {
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

    /** As {@link #walk(FileSelection, Consumer, Consumer, int)} with one thread per core (at least two). */
    public static void walk(FileSelection selection, Consumer<SourceEntry> onEntry, Consumer<SourceWarning> onWarning) {
        walk(selection, onEntry, onWarning, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Reports every kept path under the selection's roots with its metadata, reading folders on {@code threads}
     * threads at once (folders are listed and their entries' metadata read in parallel: on a server a walk is mostly
     * waiting for the file system). One {@code lstat} per path. Entries come in no particular order (a folder before
     * what is in it); {@code onEntry} and {@code onWarning} must be thread-safe. A RuntimeException from them stops
     * the walk and is rethrown here.
     */
    public static void walk(FileSelection selection, Consumer<SourceEntry> onEntry, Consumer<SourceWarning> onWarning,
            int threads) {
        FileSelection.Matcher matcher = selection.matcher();
        ParallelWalk walk = new ParallelWalk(matcher, onEntry, onWarning, threads);
        notKeptHere(selection, onWarning);
        try {
            for (Path recordedRoot : selection.roots()) {
                Path root = selection.readRootOf(recordedRoot);
                Snapshot.Node node;
                try {
                    node = describe(root, recordedRoot.toString(), onWarning);
                } catch (NoSuchFileException e) {
                    onWarning.accept(new SourceWarning(recordedRoot.toString(), "does not exist"));
                    continue;
                } catch (IOException e) {
                    onWarning.accept(new SourceWarning(recordedRoot.toString(), "cannot be read: " + describe(e)));
                    continue;
                }
                if (node.type() == Type.DIR) {
                    // a root folder is walked even if a rule would exclude its name: it was asked for explicitly
                    walk.submit(new Folder(recordedRoot, root, root, recordedRoot, node));
                } else if (!matcher.excluded(recordedRoot)
                        && (node.type() != Type.FILE || matcher.included(recordedRoot))) {
                    walk.emit(root, recordedRoot, node);
                }
            }
            walk.await();
        } finally {
            walk.shutdown();
        }
    }

    /** A folder to list: where it is read, how it is recorded, and its own node (emitted once it opens). */
    private record Folder(Path recordedRoot, Path readRoot, Path path, Path shown, Snapshot.Node node) {
    }

    private static final class ParallelWalk {
        private final FileSelection.Matcher matcher;
        private final Consumer<SourceEntry> onEntry;
        private final Consumer<SourceWarning> onWarning;
        private final ExecutorService pool;
        private final AtomicInteger pending = new AtomicInteger();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile RuntimeException failure;

        ParallelWalk(FileSelection.Matcher matcher, Consumer<SourceEntry> onEntry, Consumer<SourceWarning> onWarning,
                int threads) {
            this.matcher = matcher;
            this.onEntry = onEntry;
            this.onWarning = onWarning;
            this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
                Thread t = new Thread(r, "walk-folders");
                t.setDaemon(true);
                return t;
            });
            pending.incrementAndGet(); // held by the caller until every root was submitted
        }

        void submit(Folder folder) {
            if (failure != null) {
                return;
            }
            pending.incrementAndGet();
            pool.execute(() -> {
                try {
                    if (failure == null) {
                        list(folder);
                    }
                } catch (RuntimeException e) {
                    synchronized (this) {
                        if (failure == null) {
                            failure = e;
                        }
                    }
                } finally {
                    finished();
                }
            });
        }

        private void finished() {
            if (pending.decrementAndGet() == 0) {
                done.countDown();
            }
        }

        void await() {
            finished();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while walking", e);
            }
            if (failure != null) {
                throw failure;
            }
        }

        void shutdown() {
            pool.shutdownNow();
        }

        void emit(Path path, Path shown, Snapshot.Node node) {
            if (!shown.equals(path)) {
                node = node.withPath(FileNames.name(shown));
            }
            onEntry.accept(new SourceEntry(path, node));
        }

        private void list(Folder folder) {
            DirectoryStream<Path> entries;
            try {
                entries = Files.newDirectoryStream(folder.path());
            } catch (IOException e) {
                onWarning.accept(new SourceWarning(shown(folder.shown()), "cannot be read: " + describe(e)));
                return;
            }
            try (entries) {
                emit(folder.path(), folder.shown(), folder.node());
                for (Path child : entries) {
                    if (failure != null) {
                        return;
                    }
                    Path shown = recorded(folder.recordedRoot(), folder.readRoot(), child);
                    if (matcher.excluded(shown)) {
                        continue;
                    }
                    if (!FileNames.representable(child)) {
                        onWarning.accept(new SourceWarning(shown(shown), "not backed up: its name is not valid "
                                + "UTF-8 and cannot be read exactly here (" + FileNames.unavailableReason() + ")"));
                        continue;
                    }
                    Snapshot.Node node;
                    try {
                        node = describe(child, shown(shown), onWarning);
                    } catch (IOException e) {
                        onWarning.accept(new SourceWarning(shown(shown), "metadata cannot be read: " + describe(e)));
                        continue;
                    }
                    if (node.type() == Type.DIR) {
                        submit(new Folder(folder.recordedRoot(), folder.readRoot(), child, shown, node));
                    } else if (node.type() != Type.FILE || matcher.included(shown)) {
                        emit(child, shown, node);
                    }
                }
            } catch (DirectoryIteratorException | IOException e) {
                IOException cause = e instanceof DirectoryIteratorException d ? d.getCause() : (IOException) e;
                onWarning.accept(new SourceWarning(shown(folder.shown()), "listing failed: " + describe(cause)));
            }
        }
    }

    static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** The path a file read under {@code readRoot} is recorded as: the same place under {@code recordedRoot}. */
    static Path recorded(Path recordedRoot, Path readRoot, Path path) {
        if (recordedRoot.equals(readRoot)) {
            return path;
        }
        Path relative = readRoot.relativize(path);
        if (relative.toString().isEmpty()) {
            return recordedRoot;
        }
        // same file system: resolve the path itself, which keeps a POSIX name's bytes (toString() would not)
        return relative.getFileSystem() == recordedRoot.getFileSystem() ? recordedRoot.resolve(relative)
                : recordedRoot.resolve(relative.toString());
    }

    /** How a path is named in warnings: its exact name, with bytes that are not UTF-8 escaped. */
    static String shown(Path path) {
        return FileNames.display(FileNames.name(path));
    }

    /**
     * What this platform does not keep, said once per walk at backup time: on POSIX systems without the native calls,
     * extended attributes and holes; on Windows, alternate data streams once their native calls failed to link.
     */
    private static void notKeptHere(FileSelection selection, Consumer<SourceWarning> onWarning) {
        String where = selection.roots().isEmpty() ? "" : selection.roots().get(0).toString();
        if (!UNIX && streamsBroken != null) {
            onWarning.accept(new SourceWarning(where, "alternate data streams are not kept: " + streamsBroken));
        }
        if (UNIX && !PosixFiles.available()) {
            onWarning.accept(new SourceWarning(where, "extended attributes and sparse-file holes are not kept: "
                    + PosixFiles.unavailableReason()));
        }
    }

    /** The node for one path (no chunks); problems (extended attributes it cannot read) go to warnings. */
    public static Snapshot.Node describe(Path path) throws IOException {
        return describe(path, shown(path), w -> { });
    }

    /**
     * The node for one path (no chunks), shown as {@code shown} in warnings: extended attributes it cannot read,
     * and what a restore cannot bring back (sockets, device nodes without root) are said here, at backup time.
     */
    static Snapshot.Node describe(Path path, String shown, Consumer<SourceWarning> onWarning) throws IOException {
        Snapshot.Node node = describeBasic(path);
        if (!UNIX) {
            return withNtfsMetadata(path, shown, node, onWarning);
        }
        switch (node.type()) {
            case SOCKET -> onWarning.accept(new SourceWarning(shown, "socket: recorded, not restorable (the program "
                    + "that listens on it creates it again)"));
            case CHAR_DEVICE, BLOCK_DEVICE -> onWarning.accept(new SourceWarning(shown, "device node: recorded; a "
                    + "restore re-creates it only when run as root (mknod)"));
            default -> {
            }
        }
        if (!PosixFiles.available()) {
            return node;
        }
        int flags = 0;
        // one more system call per file only where a hole can matter: smaller files restore fully allocated
        if (node.type() == Type.FILE && node.size() >= SPARSE_CHECK_FROM
                && PosixFiles.allocatedBytes(path) < node.size()) {
            flags |= Snapshot.FLAG_SPARSE;
        }
        List<String> unreadable = new ArrayList<>();
        List<Snapshot.Xattr> xattrs = PosixFiles.readXattrs(path, unreadable);
        for (String u : unreadable) {
            onWarning.accept(new SourceWarning(shown, "extended attribute not kept: " + u));
        }
        if (flags == 0 && xattrs.isEmpty()) {
            return node;
        }
        return node.withFlagsAndXattrs(flags, xattrs);
    }

    /**
     * NTFS owner, ACL and alternate data streams as the node's attributes (Windows; decision 019); what cannot be
     * read is a warning. Native calls that fail to link (they never ran before a release) stop being tried, and
     * every later walk says streams are not kept.
     */
    private static Snapshot.Node withNtfsMetadata(Path path, String shown, Snapshot.Node node,
            Consumer<SourceWarning> onWarning) {
        List<Snapshot.Xattr> attributes = new ArrayList<>();
        try {
            attributes.addAll(NTFS.read(path));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            onWarning.accept(new SourceWarning(shown, "NTFS permissions not kept: " + e.getMessage()));
        }
        if (node.type() == Type.FILE || node.type() == Type.DIR) {
            if (streamsBroken == null) {
                try {
                    attributes.addAll(STREAMS.read(path, m -> onWarning.accept(new SourceWarning(shown, m))));
                } catch (IOException e) {
                    onWarning.accept(new SourceWarning(shown, "alternate data streams not kept: " + e.getMessage()));
                } catch (LinkageError | RuntimeException e) {
                    streamsBroken = e.toString();
                    onWarning.accept(new SourceWarning(shown, "alternate data streams are not kept from here on: "
                            + streamsBroken));
                }
            }
        }
        return attributes.isEmpty() ? node : node.withFlagsAndXattrs(node.flags(), attributes);
    }

    private static Snapshot.Node describeBasic(Path path) throws IOException {
        if (UNIX) {
            // owner and group names from a cache by id: resolving them is an NSS lookup per file
            UnixAttributes a = UnixAttributes.read(path);
            int mode = a.mode();
            Type type = typeOf(mode);
            String target = type == Type.SYMLINK ? FileNames.name(Files.readSymbolicLink(path)) : null;
            int uid = a.uid();
            int gid = a.gid();
            String user = USER_NAMES.get(uid);
            String group = GROUP_NAMES.get(gid);
            if (user == null || group == null) {
                var posix = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                user = posix.owner().getName();
                group = posix.group().getName();
                USER_NAMES.putIfAbsent(uid, user);
                GROUP_NAMES.putIfAbsent(gid, group);
            }
            return new Snapshot.Node(FileNames.name(path), type, mode & 07777, uid, gid, user, group,
                    nanos(a.lastModifiedTime()), nanos(a.lastAccessTime()), nanos(a.ctime()), a.ino(),
                    type == Type.FILE ? a.size() : 0, target,
                    type == Type.CHAR_DEVICE || type == Type.BLOCK_DEVICE ? a.rdev() : 0, List.of(),
                    // link counts matter for files only (a folder's counts its subfolders)
                    a.dev(), type == Type.FILE ? a.nlink() : 1, 0, List.of());
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
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
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
