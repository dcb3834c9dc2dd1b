package io.vaultfleet.agent.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.platform.posix.PosixFiles;
import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.Snapshot;

/**
 * Restores the nodes of a recovery point as they are decoded, a bounded batch at a time (issue 17): at most
 * {@value #BATCH_NODES} nodes or {@value #BATCH_PLACEMENTS} chunk placements are planned, then their data is
 * fetched and written ({@link PackFetcher}), then their metadata applied, and the batch is dropped. No Java object
 * per file lives longer than its batch; what outlives it is bounded by the tree's depth (open folders,
 * {@link DeferredDirectories}), by hard-linked inodes ({@link HardLinks}) and by damage (the files named in
 * problems). Folders are created when reached (a folder's node precedes its entries) and get their metadata once
 * the stream has left them and their last batch is written.
 */
final class RestorePlan {
    static final int BATCH_NODES = 4_096;
    static final int BATCH_PLACEMENTS = 32_768;

    private final Repository repo;
    private final Repository.LoadedIndex loaded;
    private final PackFetcher fetcher;
    private final List<String> includes;
    private final Path target;
    private final boolean root = "root".equals(System.getProperty("user.name"));
    private final Consumer<String> warnings;
    private final DeferredDirectories folders;
    private final HardLinks hardLinks;
    /** Version 2 points only (names could collide there): every path seen, and the ones seen twice. */
    private final Set<String> seen;
    private final Set<String> repeated = new TreeSet<>();
    private boolean adopted;
    private final boolean restorePermissions;
    private final ConflictHandling conflicts;
    /** Files of a cancelled batch that were never created. */
    private final List<String> notBegun = new ArrayList<>();
    private long bytesTotal;

    // the current batch
    private final Map<String, Map<ChunkId, List<PackFetcher.Placement>>> plan = new HashMap<>();
    private final Map<ChunkId, Index.Location> locations = new HashMap<>();
    private final List<FileTarget> batchFiles = new ArrayList<>();
    private final Set<FileTarget> unfinished = new LinkedHashSet<>();
    private final Set<FileTarget> incomplete = new LinkedHashSet<>();
    private final List<Snapshot.Node> others = new ArrayList<>();
    private int batchNodes;
    private int batchPlacements;
    private Path lastParent;

    // over the whole restore
    private final Set<ChunkId> missing = new HashSet<>();
    private final Set<String> missingFiles = new TreeSet<>();
    private final List<String> incompleteFiles = new ArrayList<>();
    long matched;
    long files;
    long dirs;

    RestorePlan(Repository repo, Repository.LoadedIndex loaded, PackFetcher fetcher, int version,
            Restorer.Options options, Consumer<String> warnings) {
        this.repo = repo;
        this.loaded = loaded;
        this.fetcher = fetcher;
        this.includes = options.includes();
        this.target = options.target();
        this.warnings = warnings;
        this.folders = new DeferredDirectories(version >= 3);
        this.hardLinks = new HardLinks(warnings);
        this.seen = version < 3 ? new HashSet<>() : null;
        this.restorePermissions = options.restorePermissions();
        this.conflicts = new ConflictHandling(options.conflict(), options.listener());
    }

    /** One decoded node: restored in the current batch, which is written out when full. */
    void accept(Snapshot.Node n) throws IOException, InterruptedException {
        if (!Restorer.selected(n.path(), includes)) {
            return;
        }
        if (seen != null && !seen.add(n.path())) {
            // version 2: the first of each path is restored, the others are reported
            repeated.add(FileNames.display(n.path()));
            return;
        }
        matched++;
        folders.reach(n.path());
        if (!restorePermissions) {
            n = Permissions.without(n);
        }
        Path dest = conflicts.place(n, Restorer.destination(n.path(), target));
        if (dest == null) {
            return; // something is there already and the policy keeps it (the listener heard why)
        }
        if (n.type() == Snapshot.Type.DIR) {
            Files.createDirectories(dest);
            lastParent = dest;
            folders.enter(n);
            dirs++;
        } else {
            Path parent = dest.getParent();
            if (parent != null && !parent.equals(lastParent)) {
                Files.createDirectories(parent);
                lastParent = parent;
            }
            place(n, dest);
        }
        if (++batchNodes >= BATCH_NODES || batchPlacements >= BATCH_PLACEMENTS) {
            writeBatch();
        }
    }

    private void place(Snapshot.Node n, Path dest) throws IOException {
        switch (n.type()) {
            case FILE -> {
                files++;
                if (n.links() > 1 && hardLinks.linkIfSeen(n, dest, incompleteFiles)) {
                    return;
                }
                planFile(n, dest);
            }
            case SYMLINK -> {
                Files.deleteIfExists(dest);
                Files.createSymbolicLink(dest, FileNames.path(n.target()));
                others.add(n);
            }
            case FIFO -> {
                Files.deleteIfExists(dest);
                if (PosixFiles.available()) {
                    PosixFiles.mkfifo(dest, n.mode());
                } else {
                    run(List.of("mkfifo", dest.toString()), n.path());
                }
                others.add(n);
            }
            case CHAR_DEVICE, BLOCK_DEVICE -> {
                if (root && PosixFiles.available()) {
                    Files.deleteIfExists(dest);
                    try {
                        PosixFiles.mknod(dest, n.type() == Snapshot.Type.CHAR_DEVICE, n.mode(), n.device());
                        others.add(n);
                    } catch (IOException e) {
                        warnings.accept(FileNames.display(n.path()) + ": device node not restored: " + e.getMessage());
                    }
                } else {
                    warnings.accept(FileNames.display(n.path()) + ": device node not restored (only a restore run "
                            + "as root re-creates device nodes)");
                }
            }
            default -> warnings.accept(FileNames.display(n.path()) + ": " + n.type().name().toLowerCase()
                    + " not restored");
        }
    }

    private void planFile(Snapshot.Node n, Path dest) throws IOException {
        bytesTotal += n.size(); // once per inode: further hard links write nothing
        fetcher.planned(bytesTotal);
        Index index = loaded.index();
        List<Index.Location> found = new ArrayList<>(n.chunks().size());
        ChunkId missingChunk = null;
        for (ChunkId chunk : n.chunks()) {
            Index.Location loc = index.lookup(chunk);
            if (loc == null) {
                // in a pack retention removed: reading it fails and names the pack
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
        // known to be incomplete: written under its marked name from the start, so a restore over the original
        // location never replaces the file there with an incomplete one
        FileTarget file = new FileTarget(whole ? dest : FileTarget.marked(dest), n, root, warnings, !whole);
        if (n.links() > 1) {
            hardLinks.first(n, file);
        }
        if (!whole) {
            missing.add(missingChunk);
            missingFiles.add(FileNames.display(n.path()));
            incomplete.add(file);
        }
        long offset = 0;
        for (int c = 0; c < found.size(); c++) {
            Index.Location loc = found.get(c);
            ChunkId chunk = n.chunks().get(c);
            locations.put(chunk, loc);
            plan.computeIfAbsent(loc.packId(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(chunk, k -> new ArrayList<>(1))
                    .add(new PackFetcher.Placement(file, offset));
            offset += loc.plainLength();
        }
        batchPlacements += found.size();
        file.expect(found.size());
        if (!whole || found.isEmpty()) {
            // created now (empty, or incomplete): its metadata is applied after the data
            file.prepare();
            unfinished.add(file);
        } else {
            batchFiles.add(file);
        }
    }

    /** Fetches the batch's data, then applies what must follow it: incomplete files, links, metadata. */
    private void writeBatch() throws IOException, InterruptedException {
        boolean cancelled = false;
        try {
            fetcher.fetch(plan, locations);
        } catch (InterruptedException e) {
            cancelled = true; // what was written stays; files begun are marked below, the others listed
        }
        // files whose data could not all be written (damaged, missing) still get their metadata, as far as it goes
        for (FileTarget f : batchFiles) {
            if (cancelled && !f.started()) {
                notBegun.add(FileNames.display(f.node.path()));
            } else if (!f.finished()) {
                unfinished.add(f);
                incomplete.add(f);
            }
        }
        for (FileTarget f : unfinished) {
            f.prepare();
            if (incomplete.contains(f)) {
                f.markIncomplete();
                incompleteFiles.add(FileNames.display(f.node.path()));
                NodeMetadata.setXattrs(f.finalPath, f.node, warnings);
            } else {
                f.applyMetadata();
            }
        }
        hardLinks.batchWritten(incompleteFiles);
        others.forEach(this::applyMetadata);
        folders.takeClosed().forEach(this::applyMetadata);
        plan.clear();
        locations.clear();
        batchFiles.clear();
        unfinished.clear();
        incomplete.clear();
        others.clear();
        batchNodes = 0;
        batchPlacements = 0;
        if (cancelled) {
            throw new InterruptedException("restore cancelled");
        }
    }

    /** After the last node: writes the last batch and sets the metadata of the folders still open. */
    void finish() throws IOException, InterruptedException {
        writeBatch();
        closeFolders();
    }

    /** Sets the metadata of the folders still open (at the end, or when a cancel stopped the restore). */
    void closeFolders() {
        folders.takeAll().forEach(this::applyMetadata);
    }

    /** Files a cancel left unwritten in the batch it stopped (shown form). */
    List<String> notBegun() {
        return notBegun;
    }

    /** What the files planned so far hold (hard-linked content counted once). */
    long bytesTotal() {
        return bytesTotal;
    }

    /** Problems found while planning: chunks in no index, repeated paths of version 2 points. */
    List<RestoreProblem> problems() {
        List<RestoreProblem> list = new ArrayList<>();
        if (!missing.isEmpty()) {
            list.add(new RestoreProblem(missing.size() + " chunk(s) are in no index and no readable pack",
                    List.copyOf(missingFiles)));
        }
        if (!repeated.isEmpty()) {
            list.add(new RestoreProblem("the recovery point holds more than one entry for these path(s) (names "
                    + "that were not valid UTF-8, before format version 3): only the first of each was restored",
                    List.copyOf(repeated)));
        }
        return list;
    }

    List<String> incompleteFiles() {
        return incompleteFiles;
    }

    /** Metadata of a folder (after everything in it was written), a link or a special file. */
    private void applyMetadata(Snapshot.Node n) {
        Path dest = conflicts.placed(n, Restorer.destination(n.path(), target));
        if (dest == null) {
            return; // skipped: what is there is not ours to change
        }
        try {
            if (n.type() == Snapshot.Type.FIFO && !PosixFiles.available()) {
                // opening a FIFO to set attributes would block until a writer appears: use the tools
                run(List.of("chmod", Integer.toOctalString(n.mode() & 07777), dest.toString()), n.path());
                return;
            }
            if ((n.type() == Snapshot.Type.CHAR_DEVICE || n.type() == Snapshot.Type.BLOCK_DEVICE)
                    && !Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
                return; // not made: said when planning
            }
            NodeMetadata.apply(dest, n, root, warnings);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            warnings.accept(FileNames.display(n.path()) + ": metadata not restored: " + e.getMessage());
        }
    }

    private void run(List<String> command, String path) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                warnings.accept(path + ": " + command.get(0) + " failed");
            }
        } catch (IOException e) {
            warnings.accept(path + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
