package io.vaultfleet.agent.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import io.vaultfleet.agent.host.PhaseLog;
import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.IntegrityException;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.protocol.ConflictPolicy;

/**
 * Restores a recovery point. Its nodes are decoded one by one and restored a bounded batch at a time
 * ({@link RestorePlan}, issue 17): memory does not grow with the number of files. A batch's data is fetched pack by
 * pack by a few threads ({@link PackFetcher}), each chunk authenticated and checked against its id, and written at
 * its offset in every file that holds it. Metadata follows the data, folders' once everything in them is written,
 * so their times stick.
 */
public final class Restorer {
    /**
     * Which paths and where. {@code target} null restores to the original paths. {@code conflict}: what to do with
     * an item whose destination exists ({@link ConflictHandling}); {@code restorePermissions} false gives items the
     * destination's defaults ({@link Permissions}); {@code listener} hears progress and skipped items.
     */
    public record Options(String snapshotId, List<String> includes, Path target, int threads,
                          ConflictPolicy conflict, boolean restorePermissions, RestoreListener listener) {
        public Options {
            conflict = conflict == null ? ConflictPolicy.OVERWRITE : conflict;
            listener = listener == null ? RestoreListener.NONE : listener;
        }

        /** As before conflict policies: overwrite, with permissions, nobody listening. */
        public Options(String snapshotId, List<String> includes, Path target, int threads) {
            this(snapshotId, includes, target, threads, null, true, null);
        }
    }

    /** Appended to the name of a file whose content could not be fully restored. */
    public static final String INCOMPLETE_SUFFIX = ".vaultfleet-incomplete";

    private final Repository repo;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    public Restorer(Repository repo) {
        this.repo = repo;
    }

    public RestoreResult restore(Options options) throws IOException, InterruptedException {
        String id = repo.resolveSnapshot(options.snapshotId());
        Snapshot header = repo.readSnapshotHeader(id);
        PhaseLog.mark("snapshot header read");
        try (Repository.LoadedIndex loaded = repo.loadIndex();
                PackFetcher fetcher = new PackFetcher(repo, options.threads(), options.listener())) {
            PhaseLog.mark("index loaded");
            for (String damaged : loaded.damagedIndexFiles()) {
                warnings.add(damaged + "; reading pack headers instead");
            }
            RestorePlan plan = new RestorePlan(repo, loaded, fetcher, header.version(), options, warnings::add);
            boolean cancelled = false;
            try {
                decode(id, plan);
                if (plan.matched == 0) {
                    throw new IOException("nothing in recovery point " + id.substring(0, 8) + " matches "
                            + options.includes());
                }
                plan.finish();
            } catch (InterruptedException e) {
                // cancelled (a console job's Cancel): what was written stays, files begun are marked incomplete
                cancelled = true;
                plan.closeFolders();
            }
            PhaseLog.mark("data written, metadata applied");
            List<RestoreProblem> problems = new ArrayList<>(plan.problems());
            if (cancelled) {
                List<String> notBegun = new ArrayList<>(plan.notBegun());
                notBegun.sort(null);
                problems.add(new RestoreProblem("the restore was cancelled before these files were written (and "
                        + "before the ones after them in the recovery point were reached)", List.copyOf(notBegun)));
            }
            problems.addAll(fetcher.problems());
            problems.sort(Comparator.comparing(RestoreProblem::what));
            List<String> incompleteFiles = new ArrayList<>(plan.incompleteFiles());
            incompleteFiles.sort(null);
            options.listener().progress(plan.files, fetcher.bytes(), plan.bytesTotal());
            if (cancelled) {
                Thread.currentThread().interrupt(); // the caller learns of the cancel too
            }
            return new RestoreResult(id, plan.files, plan.dirs, fetcher.bytes(), problems, List.copyOf(warnings),
                    List.copyOf(incompleteFiles));
        }
    }

    /** Thrown through the decoder to stop it when restoring a node fails; carries what failed. */
    private static final class Stop extends RuntimeException {
        Stop(Exception cause) {
            super(cause);
        }
    }

    /** Hands each node to the plan as it is decoded; a failure of the plan ends the decoding and is thrown as is. */
    private void decode(String id, RestorePlan plan) throws IOException, InterruptedException {
        try {
            // a segment at a time (decision 032): the point is never whole in memory
            repo.readSnapshot(id, n -> {
                try {
                    plan.accept(n);
                } catch (IOException | InterruptedException | RuntimeException e) {
                    throw new Stop(e);
                }
            });
        } catch (IntegrityException | Stop e) {
            Throwable c = e instanceof Stop ? e : e.getCause();
            if (c instanceof Stop stop) {
                switch (stop.getCause()) {
                    case IOException io -> throw io;
                    case InterruptedException ie -> throw ie;
                    case RuntimeException re -> throw re;
                    default -> throw stop;
                }
            }
            throw e;
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
    private static final Pattern ROOT_PREFIX = Pattern.compile("^(?:[A-Za-z]:)?[/\\\\]*");

    public static Path destination(String original, Path target) {
        if (target == null) {
            return FileNames.path(original);
        }
        String relative = ROOT_PREFIX.matcher(original).replaceFirst("");
        return relative.isEmpty() ? target : target.resolve(FileNames.path(relative));
    }

}
