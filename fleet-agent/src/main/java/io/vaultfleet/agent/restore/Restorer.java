package io.vaultfleet.agent.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vaultfleet.agent.host.PhaseLog;
import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.platform.posix.PosixFiles;
import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.ChunkSealer;
import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.IntegrityException;
import io.vaultfleet.agent.repo.PackReader;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.agent.store.BlobNotFoundException;

/**
 * Restores a recovery point. Data is fetched pack by pack (a pack is read once, whole when most of it is needed,
 * else chunk by chunk) by a few threads, each chunk authenticated and checked against its id, and written at its
 * offset in every file that holds it. Metadata is applied afterwards, folders last, so their times stick.
 */
public final class Restorer {
    /**
     * Which paths and where. {@code target} null restores to the original paths. {@code conflict}: what to do with
     * an item whose destination exists ({@link ConflictHandling}); {@code restorePermissions} false gives items the
     * destination's defaults ({@link Permissions}); {@code listener} hears progress and skipped items.
     */
    public record Options(String snapshotId, List<String> includes, Path target, int threads,
                          io.vaultfleet.protocol.ConflictPolicy conflict, boolean restorePermissions,
                          RestoreListener listener) {
        public Options {
            conflict = conflict == null ? io.vaultfleet.protocol.ConflictPolicy.OVERWRITE : conflict;
            listener = listener == null ? RestoreListener.NONE : listener;
        }

        /** As before conflict policies: overwrite, with permissions, nobody listening. */
        public Options(String snapshotId, List<String> includes, Path target, int threads) {
            this(snapshotId, includes, target, threads, null, true, null);
        }
    }

    /** Where one chunk goes: a file and an offset in it. */
    private record Placement(FileTarget file, long offset) {
    }

    /** Appended to the name of a file whose content could not be fully restored. */
    public static final String INCOMPLETE_SUFFIX = ".vaultfleet-incomplete";

    private final Repository repo;
    private final ConcurrentLinkedQueue<RestoreProblem> problems = new ConcurrentLinkedQueue<>();
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong bytes = new AtomicLong();
    private final ThreadLocal<byte[]> packBuffer = new ThreadLocal<>();
    private final AtomicLong filesDone = new AtomicLong();
    private volatile long bytesTotal;
    private RestoreListener listener = RestoreListener.NONE;

    /** One for the whole restore: its per-thread buffers and decompression contexts are reused from pack to pack. */
    private final ChunkSealer sealer;

    public Restorer(Repository repo) {
        this.repo = repo;
        this.sealer = repo.newSealer();
    }

    public RestoreResult restore(Options options) throws IOException, InterruptedException {
        String id = repo.resolveSnapshot(options.snapshotId());
        Snapshot snapshot = repo.readSnapshot(id);
        PhaseLog.mark("snapshot read");
        List<Snapshot.Node> selected = options.includes() == null || options.includes().isEmpty() ? snapshot.nodes()
                : snapshot.nodes().stream().filter(n -> selected(n.path(), options.includes())).toList();
        if (snapshot.version() < 3) {
            // version 3 nodes are refused when a path repeats: only version 2 points need a set of every path
            selected = withoutRepeatedPaths(selected);
        }
        if (!options.restorePermissions()) {
            selected = selected.stream().map(Permissions::without).toList();
        }
        listener = options.listener();
        ConflictHandling conflicts = new ConflictHandling(options.conflict(), listener);
        if (selected.isEmpty()) {
            throw new IOException("nothing in recovery point " + id.substring(0, 8) + " matches " + options.includes());
        }
        Repository.LoadedIndex loaded = repo.loadIndex();
        Index index = loaded.index();
        PhaseLog.mark("index loaded");
        for (String damaged : loaded.damagedIndexFiles()) {
            warnings.add(damaged + "; reading pack headers instead");
        }

        // folders first; files are created by the threads that write their data (one open per small file), links
        // and special files here
        Map<String, Map<ChunkId, List<Placement>>> plan = new HashMap<>();
        Map<ChunkId, Index.Location> locations = new HashMap<>();
        Set<ChunkId> missing = new java.util.HashSet<>();
        Map<ChunkId, List<String>> missingFiles = new HashMap<>();
        Set<FileTarget> unfinished = new java.util.LinkedHashSet<>();
        Set<Path> folders = new java.util.HashSet<>();
        // hard links: memory only for files with more than one link
        Map<Inode, FileTarget> firstLinks = new HashMap<>();
        Map<Path, HardLink> links = new LinkedHashMap<>();
        Set<FileTarget> incomplete = new java.util.LinkedHashSet<>();
        long files = 0;
        long dirs = 0;
        for (Snapshot.Node n : selected) {
            Path dest = destination(n.path(), options.target());
            if (n.type() == Snapshot.Type.DIR) {
                Files.createDirectories(dest);
                folders.add(dest);
                dirs++;
            }
        }
        boolean adopted = false;
        boolean root = "root".equals(System.getProperty("user.name"));
        for (Snapshot.Node n : selected) {
            Path dest = conflicts.place(n, destination(n.path(), options.target()));
            if (dest == null) {
                continue; // something is there already and the policy keeps it
            }
            Path parent = dest.getParent();
            if (parent != null && folders.add(parent)) {
                Files.createDirectories(parent);
            }
            switch (n.type()) {
                case FILE -> {
                    files++;
                    if (n.links() > 1) {
                        // a hard link: the first path of the inode gets the content, the others link to it
                        FileTarget first = firstLinks.get(new Inode(n.fsDevice(), n.inode()));
                        if (first != null) {
                            links.put(dest, new HardLink(n.path(), first));
                            continue;
                        }
                    }
                    bytesTotal += n.size(); // once per inode: further hard links write nothing
                    List<Index.Location> found = new ArrayList<>(n.chunks().size());
                    ChunkId missingChunk = null;
                    for (ChunkId chunk : n.chunks()) {
                        Index.Location loc = index.lookup(chunk);
                        if (loc == null) {
                            // in a pack retention removed: reading it fails below and names the pack
                            loc = index.lookupRemoved(chunk);
                        }
                        if (loc == null && !adopted && !loaded.damagedIndexFiles().isEmpty()) {
                            repo.adoptUnindexedPacks(index, new ArrayList<>());
                            adopted = true;
                            loc = index.lookup(chunk);
                        }
                        if (loc == null) {
                            // offsets after an unknown chunk are unknown too: the file is reported incomplete
                            missingChunk = chunk;
                            break;
                        }
                        found.add(loc);
                    }
                    boolean whole = missingChunk == null;
                    // known to be incomplete: written under its marked name from the start, so a restore over the
                    // original location never replaces the file there with an incomplete one
                    FileTarget file = new FileTarget(whole ? dest : FileTarget.marked(dest), n, root, warnings::add,
                            !whole);
                    if (n.links() > 1) {
                        firstLinks.put(new Inode(n.fsDevice(), n.inode()), file);
                    }
                    if (!whole) {
                        missing.add(missingChunk);
                        missingFiles.computeIfAbsent(missingChunk, k -> new ArrayList<>()).add(n.path());
                        incomplete.add(file);
                    }
                    long offset = 0;
                    for (int c = 0; c < found.size(); c++) {
                        Index.Location loc = found.get(c);
                        ChunkId chunk = n.chunks().get(c);
                        locations.put(chunk, loc);
                        plan.computeIfAbsent(loc.packId(), k -> new LinkedHashMap<>())
                                .computeIfAbsent(chunk, k -> new ArrayList<>())
                                .add(new Placement(file, offset));
                        offset += loc.plainLength();
                    }
                    file.expect(found.size());
                    if (!whole || found.isEmpty()) {
                        // created now (empty, or incomplete): its metadata is applied after the data
                        file.prepare();
                        unfinished.add(file);
                    }
                }
                case SYMLINK -> {
                    Files.deleteIfExists(dest);
                    Files.createSymbolicLink(dest, FileNames.path(n.target()));
                }
                case FIFO -> {
                    Files.deleteIfExists(dest);
                    if (PosixFiles.available()) {
                        PosixFiles.mkfifo(dest, n.mode());
                    } else {
                        run(List.of("mkfifo", dest.toString()), n.path());
                    }
                }
                case CHAR_DEVICE, BLOCK_DEVICE -> {
                    if (root && PosixFiles.available()) {
                        Files.deleteIfExists(dest);
                        try {
                            PosixFiles.mknod(dest, n.type() == Snapshot.Type.CHAR_DEVICE, n.mode(), n.device());
                        } catch (IOException e) {
                            warnings.add(FileNames.display(n.path()) + ": device node not restored: " + e.getMessage());
                        }
                    } else {
                        warnings.add(FileNames.display(n.path()) + ": device node not restored (only a restore run "
                                + "as root re-creates device nodes)");
                    }
                }
                case DIR -> {
                }
                default -> warnings.add(FileNames.display(n.path()) + ": " + n.type().name().toLowerCase()
                        + " not restored");
            }
        }
        if (!missing.isEmpty()) {
            Map<String, List<String>> byFile = new LinkedHashMap<>();
            missingFiles.forEach((chunk, paths) -> paths.forEach(p -> byFile.computeIfAbsent(p, k -> new ArrayList<>())
                    .add(chunk.hex().substring(0, 12))));
            problems.add(new RestoreProblem(missing.size() + " chunk(s) are in no index and no readable pack",
                    new ArrayList<>(new TreeSet<>(byFile.keySet()))));
        }
        PhaseLog.mark("plan made");
        boolean cancelled = false;
        try {
            fetch(plan, locations, options.threads());
        } catch (InterruptedException e) {
            // cancelled (a console job's Cancel): what was written stays, files begun are marked incomplete below
            cancelled = true;
        }
        PhaseLog.mark("data written");
        // files whose data could not all be written (damaged, missing) still get their metadata, as far as it goes
        for (var chunks : plan.values()) {
            for (List<Placement> placements : chunks.values()) {
                for (Placement p : placements) {
                    if (!p.file().finished()) {
                        unfinished.add(p.file());
                        incomplete.add(p.file());
                    }
                }
            }
        }
        List<String> notBegun = new ArrayList<>();
        for (FileTarget f : unfinished) {
            if (cancelled && !f.started()) {
                notBegun.add(FileNames.display(f.node.path()));
                continue; // never created: nothing to mark
            }
            f.prepare();
            if (incomplete.contains(f)) {
                f.markIncomplete();
                NodeMetadata.setXattrs(f.finalPath, f.node, warnings::add);
            } else {
                f.applyMetadata();
            }
        }
        List<String> incompleteFiles = new ArrayList<>(incomplete.stream().map(f -> FileNames.display(f.node.path()))
                .toList());
        incompleteFiles.addAll(linkAll(links));
        incompleteFiles.sort(null);
        applyMetadata(selected, options.target(), conflicts);
        PhaseLog.mark("metadata applied");
        if (cancelled) {
            notBegun.sort(null);
            problems.add(new RestoreProblem("the restore was cancelled before these files were written",
                    List.copyOf(notBegun)));
            Thread.currentThread().interrupt(); // the caller learns of the cancel too
        }
        List<RestoreProblem> sortedProblems = new ArrayList<>(problems);
        sortedProblems.sort(Comparator.comparing(RestoreProblem::what));
        listener.progress(files, bytes.get(), bytesTotal);
        return new RestoreResult(id, files, dirs, bytes.get(), sortedProblems, List.copyOf(warnings),
                List.copyOf(incompleteFiles));
    }

    /** A file's identity on the source: hard links to one file share it. */
    private record Inode(long device, long inode) {
    }

    /** A further path of a hard-linked file: its recorded path, and the target its first path was written as. */
    private record HardLink(String path, FileTarget first) {
    }

    /**
     * Each further path of a hard-linked file becomes a link to where its first path was written (under the marked
     * name too when that one is incomplete); returns the shown paths of those incomplete links.
     */
    private List<String> linkAll(Map<Path, HardLink> links) throws IOException {
        List<String> incomplete = new ArrayList<>();
        for (var e : links.entrySet()) {
            FileTarget first = e.getValue().first();
            Path dest = first.marked() ? FileTarget.marked(e.getKey()) : e.getKey();
            if (first.marked()) {
                incomplete.add(FileNames.display(e.getValue().path()));
            }
            Files.deleteIfExists(dest);
            try {
                Files.createLink(dest, first.finalPath);
            } catch (IOException | UnsupportedOperationException ex) {
                // another file system or no hard links there: a copy keeps the content (said, not silent)
                Files.copy(first.finalPath, dest, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                warnings.add(FileNames.display(e.getValue().path()) + ": restored as a copy, not a hard link: "
                        + ex.getMessage());
            }
        }
        return incomplete;
    }

    /**
     * The nodes with each path once. Names are exact from version 3 on, so this only matters for version 2 points,
     * where names that were not valid UTF-8 became U+FFFD and two files could share a path: the first is restored,
     * the others are reported.
     */
    private List<Snapshot.Node> withoutRepeatedPaths(List<Snapshot.Node> nodes) {
        Set<String> seen = new java.util.HashSet<>();
        List<Snapshot.Node> kept = new ArrayList<>(nodes.size());
        Set<String> repeated = new TreeSet<>();
        for (Snapshot.Node n : nodes) {
            if (seen.add(n.path())) {
                kept.add(n);
            } else {
                repeated.add(FileNames.display(n.path()));
            }
        }
        if (!repeated.isEmpty()) {
            problems.add(new RestoreProblem("the recovery point holds more than one entry for these path(s) (names "
                    + "that were not valid UTF-8, before format version 3): only the first of each was restored",
                    List.copyOf(repeated)));
        }
        return kept;
    }

    private void run(List<String> command, String path) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                warnings.add(path + ": " + command.get(0) + " failed");
            }
        } catch (IOException e) {
            warnings.add(path + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether {@code path} is an include or below one. An include may name a path exactly or in its shown form
     * ({@code caf\xe9}: how list and messages show bytes that are not UTF-8, and what people can type).
     */
    static boolean selected(String path, List<String> includes) {
        if (includes == null || includes.isEmpty()) {
            return true;
        }
        String shown = FileNames.display(path);
        for (String inc : includes) {
            String p = inc.endsWith("/") && inc.length() > 1 ? inc.substring(0, inc.length() - 1) : inc;
            if (path.equals(p) || path.startsWith(p + "/") || shown.equals(p) || shown.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    /** A drive letter and the leading separators: what makes a recorded path absolute. */
    private static final java.util.regex.Pattern ROOT_PREFIX = java.util.regex.Pattern.compile("^(?:[A-Za-z]:)?[/\\\\]*");

    public static Path destination(String original, Path target) {
        if (target == null) {
            return FileNames.path(original);
        }
        String relative = ROOT_PREFIX.matcher(original).replaceFirst("");
        return relative.isEmpty() ? target : target.resolve(FileNames.path(relative));
    }

    private void fetch(Map<String, Map<ChunkId, List<Placement>>> plan, Map<ChunkId, Index.Location> locations,
            int threads) throws InterruptedException, IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (var e : plan.entrySet()) {
                tasks.add(pool.submit(() -> {
                    restorePack(e.getKey(), e.getValue(), locations);
                    return null;
                }));
            }
            for (Future<?> f : tasks) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException ex) {
                    Throwable c = ex.getCause();
                    throw c instanceof IOException io ? io : new IOException(c);
                }
            }
        } finally {
            pool.shutdownNow();
            // a cancelled restore marks the files it began: no thread may still be writing them then
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private void restorePack(String packId, Map<ChunkId, List<Placement>> chunks, Map<ChunkId, Index.Location> locations)
            throws IOException {
        String blob = PackReader.blobName(packId);
        long needed = 0;
        for (ChunkId c : chunks.keySet()) {
            needed += locations.get(c).sealedLength();
        }
        byte[] whole = null;
        int wholeLength = 0;
        try {
            long size = repo.store().size(blob);
            if (needed * 2 > size && size <= Integer.MAX_VALUE - 16) {
                // into this thread's buffer: packs are read again and again, allocating each kept the collector busy
                whole = packBuffer.get();
                if (whole == null || whole.length < size) {
                    whole = new byte[(int) Math.max(size, 24L << 20)];
                    packBuffer.set(whole);
                }
                wholeLength = repo.store().getInto(blob, whole);
            }
        } catch (BlobNotFoundException e) {
            problems.add(new RestoreProblem("pack " + packId + " is missing", affected(chunks.values())));
            return;
        }
        List<Placement> damaged = new ArrayList<>();
        int damagedChunks = 0;
        for (var e : chunks.entrySet()) {
            Index.Location loc = locations.get(e.getKey());
            byte[] plain;
            try {
                byte[] src = whole;
                int off = loc.offset();
                int available = wholeLength;
                if (src == null) {
                    src = repo.store().getRange(blob, loc.offset(), loc.sealedLength());
                    off = 0;
                    available = src.length;
                }
                if (available < off + loc.sealedLength()) {
                    throw new IntegrityException("pack " + packId + " is truncated");
                }
                plain = sealer.openReusing(e.getKey(), loc.flags(), loc.plainLength(), src, off, loc.sealedLength());
            } catch (IntegrityException ex) {
                damaged.addAll(e.getValue());
                damagedChunks++;
                continue;
            }
            for (Placement p : e.getValue()) {
                if (p.file().write(plain, loc.plainLength(), p.offset())) {
                    filesDone.incrementAndGet();
                }
                listener.progress(filesDone.get(), bytes.addAndGet(loc.plainLength()), bytesTotal);
            }
        }
        if (!damaged.isEmpty()) {
            problems.add(new RestoreProblem("pack " + packId + ": " + damagedChunks
                    + " chunk(s) fail authentication (damaged or tampered)", affected(List.of(damaged))));
        }
    }

    private static List<String> affected(java.util.Collection<List<Placement>> placements) {
        Set<String> files = new TreeSet<>();
        placements.forEach(list -> list.forEach(p -> files.add(FileNames.display(p.file().node.path()))));
        return List.copyOf(files);
    }

    /** Metadata of folders (deepest first, after everything in them was written), links and FIFOs. */
    private void applyMetadata(List<Snapshot.Node> nodes, Path target, ConflictHandling conflicts) {
        boolean root = "root".equals(System.getProperty("user.name"));
        List<Snapshot.Node> ordered = new ArrayList<>(nodes.stream().filter(n -> n.type() != Snapshot.Type.FILE).toList());
        // deepest first so a folder's times are set after everything inside it was written
        ordered.sort(Comparator.comparing(Snapshot.Node::path).reversed());
        for (Snapshot.Node n : ordered) {
            Path dest = conflicts.placed(n, destination(n.path(), target));
            if (dest == null) {
                continue; // skipped: what is there is not ours to change
            }
            try {
                if (n.type() == Snapshot.Type.FIFO && !PosixFiles.available()) {
                    // opening a FIFO to set attributes would block until a writer appears: use the tools
                    run(List.of("chmod", Integer.toOctalString(n.mode() & 07777), dest.toString()), n.path());
                    continue;
                }
                if (n.type() == Snapshot.Type.SOCKET || (n.type() == Snapshot.Type.CHAR_DEVICE
                        || n.type() == Snapshot.Type.BLOCK_DEVICE) && !(root && Files.exists(dest,
                        LinkOption.NOFOLLOW_LINKS))) {
                    continue; // not made: said when planning
                }
                NodeMetadata.apply(dest, n, root, warnings::add);
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                warnings.add(FileNames.display(n.path()) + ": metadata not restored: " + e.getMessage());
            }
        }
    }
}
