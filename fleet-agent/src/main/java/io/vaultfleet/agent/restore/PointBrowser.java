package io.vaultfleet.agent.restore;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.IntegrityException;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.protocol.EntryKind;
import io.vaultfleet.protocol.FolderEntry;

/**
 * One page of a folder of a recovery point (the console's *Select items*, {@code fleet-agent browse}). The point's
 * nodes are decoded one by one (decision 022) and only the page is kept, so a folder of 100,000 entries costs the
 * memory of a page; decoding stops as soon as the page and one entry more (to know a next page exists) are found.
 *
 * <p>Entries come in the order the point stores them (its name order: a folder's entries follow the folder). The
 * cursor is the last entry's exact name (WTF-8, base64url: names that are not valid text travel without loss); the
 * next page starts after it. Names and paths are shown as {@code list} shows them ({@code caf\xe9}); such a path is
 * accepted back as {@code folder} and as a restore item ({@link Restorer} takes the shown form too). The top level
 * (folder empty) lists the point's backed-up roots.
 */
public final class PointBrowser {
    /** One page; {@code nextCursor} null on the last. */
    public record Page(List<FolderEntry> entries, String nextCursor) {
    }

    /** Thrown from the node sink to stop decoding once the page is known (no stack: it is control flow). */
    private static final class PageComplete extends RuntimeException {
        PageComplete() {
            super("page complete", null, false, false);
        }
    }

    /**
     * Names and paths a page holds at most, in characters: 2,000 entries of very long paths would not fit a frame
     * (4 MiB), so such a page ends early and says there is more.
     */
    static final long MAX_PAGE_CHARS = 1_000_000;

    private final Repository repo;

    public PointBrowser(Repository repo) {
        this.repo = repo;
    }

    /**
     * @param folder       a path as an entry's {@code path} gave it, or empty for the roots
     * @param cursor       null, or the previous page's {@code nextCursor}
     * @param nameContains null, or only names containing it (case-insensitive)
     * @throws IllegalArgumentException (plain words) for a folder that is not in the point or a bad cursor
     */
    public Page page(String pointId, String folder, String cursor, int limit, String nameContains) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        String id = repo.resolveSnapshot(pointId);
        Snapshot header = repo.readSnapshotHeader(id);
        char separator = separator(header);
        FileNames.Encoding encoding = separator == '\\' ? FileNames.Encoding.WTF8 : FileNames.Encoding.POSIX_BYTES;
        Comparator<String> order = encoding::compare;
        String after = cursor == null || cursor.isEmpty() ? null : decodeCursor(cursor);
        String needle = nameContains == null || nameContains.isBlank() ? null : nameContains.toLowerCase(Locale.ROOT);
        String wanted = folder == null ? "" : folder;
        Collector page = new Collector(limit, after, needle, order);
        if (wanted.isEmpty()) {
            roots(id, header, page, order);
        } else {
            // read from the segment holding the folder, or the cursor's entry (decision 032): a page of a folder of
            // 100,000 entries reads a segment or two, not the point up to it
            String from = after == null ? wanted
                    : wanted.endsWith(String.valueOf(separator)) ? wanted + after : wanted + separator + after;
            if (!children(id, from, wanted, separator, header.version() >= 3, page)) {
                // the folder's node lies before the cursor's segment, or the folder was given in its shown form
                // (which may sort elsewhere): read from the start
                page = new Collector(limit, after, needle, order);
                if (!children(id, null, wanted, separator, header.version() >= 3, page)) {
                    throw new IllegalArgumentException("the folder " + wanted + " is not in recovery point "
                            + id.substring(0, 8) + " (or is not a folder there)");
                }
            }
        }
        List<FolderEntry> entries = page.entries;
        String next = page.more ? encodeCursor(page.lastName) : null;
        return new Page(List.copyOf(entries), next);
    }

    /** The roots: the point's backed-up paths, in the point's order, with what their nodes say of them. */
    private void roots(String id, Snapshot header, Collector page, Comparator<String> order) throws IOException {
        Map<String, Snapshot.Node> found = new HashMap<>();
        for (String root : header.paths()) {
            found.put(root, null);
        }
        try {
            repo.readSnapshot(id, n -> {
                if (found.containsKey(n.path())) {
                    found.put(n.path(), n);
                    if (!found.containsValue(null)) {
                        throw new PageComplete();
                    }
                }
            });
        } catch (IntegrityException e) {
            if (!(e.getCause() instanceof PageComplete)) {
                throw e;
            }
        }
        List<String> roots = new ArrayList<>(header.paths());
        roots.sort(order);
        for (String root : roots) {
            Snapshot.Node node = found.get(root);
            if (node != null) {
                page.offer(root, root, node);
            }
        }
    }

    /**
     * Offers the folder's entries to the page, reading from the segment of {@code from} (null: the start); whether
     * the folder's node was seen, or (a read from the cursor) entries of it were. In stored order (version 3 on) a
     * folder's entries follow it directly, so the reading ends where they do.
     */
    private boolean children(String id, String from, String folder, char separator, boolean storedOrder,
            Collector page) throws IOException {
        boolean[] folderSeen = {false};
        boolean[] exact = {false};
        String prefix = folder.endsWith(String.valueOf(separator)) ? folder : folder + separator;
        try {
            repo.readSnapshot(id, from, n -> {
                String path = n.path();
                if (!folderSeen[0] && n.type() == Snapshot.Type.DIR && same(path, folder)) {
                    folderSeen[0] = true;
                    exact[0] = path.equals(folder);
                    return;
                }
                if (storedOrder && exact[0] && !path.startsWith(prefix)) {
                    throw new PageComplete(); // past the folder's entries: nothing of it follows
                }
                int cut = path.lastIndexOf(separator);
                if (cut < 0 || path.length() <= folder.length()) {
                    return;
                }
                String parent = parent(path, cut, separator);
                if (same(parent, folder)) {
                    if (from != null && !folderSeen[0] && path.startsWith(prefix)) {
                        folderSeen[0] = true; // read from the cursor: the folder's node came before
                        exact[0] = true;
                    }
                    page.offer(path.substring(cut + 1), path, n);
                }
            });
        } catch (IntegrityException e) {
            if (!(e.getCause() instanceof PageComplete)) {
                throw e;
            }
        }
        return folderSeen[0];
    }

    /** A path's folder; a root's own ({@code /etc} → {@code /}, {@code C:\Windows} → {@code C:\}) keeps its separator. */
    private static String parent(String path, int cut, char separator) {
        if (cut == 0 || (cut == 2 && path.charAt(1) == ':')) {
            return path.substring(0, cut + 1);
        }
        return path.substring(0, cut);
    }

    /** A recorded path and a path the console sent: equal exactly, or in the shown form of names that are not text. */
    private static boolean same(String recorded, String given) {
        if (recorded.equals(given)) {
            return true;
        }
        String shown = FileNames.display(recorded);
        return shown != recorded && shown.equals(given);
    }

    /**
     * The point's separator. Windows points ({@code wtf-8} names) use {@code \}, and their roots start with a drive
     * or {@code \\}; the header's encoding is not public, the roots tell the same.
     */
    private static char separator(Snapshot header) {
        for (String root : header.paths()) {
            if (root.matches("^(?:[A-Za-z]:\\\\|\\\\\\\\).*")) {
                return '\\';
            }
        }
        return '/';
    }

    static String encodeCursor(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(FileNames.wtf8(name));
    }

    static String decodeCursor(String cursor) {
        try {
            byte[] b = Base64.getUrlDecoder().decode(cursor);
            return FileNames.fromWtf8(b, 0, b.length);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the cursor is not one this agent gave (" + e.getMessage() + ")");
        }
    }

    /** Keeps the page: entries after the cursor whose name matches, up to the limit, and notes whether more follow. */
    private static final class Collector {
        final int limit;
        final String after;
        final String needle;
        final Comparator<String> order;
        final List<FolderEntry> entries = new ArrayList<>();
        String lastName;
        boolean more;
        long chars;

        Collector(int limit, String after, String needle, Comparator<String> order) {
            this.limit = limit;
            this.after = after;
            this.needle = needle;
            this.order = order;
        }

        void offer(String name, String path, Snapshot.Node node) {
            if (after != null && order.compare(name, after) <= 0) {
                return;
            }
            String shown = FileNames.display(name);
            if (needle != null && !shown.toLowerCase(Locale.ROOT).contains(needle)) {
                return;
            }
            if (entries.size() == limit || chars > MAX_PAGE_CHARS) {
                more = true;
                throw new PageComplete();
            }
            String shownPath = FileNames.display(path);
            entries.add(new FolderEntry(shown, shownPath, kind(node.type()),
                    node.type() == Snapshot.Type.FILE ? node.size() : 0, modified(node.mtime())));
            chars += shown.length() + shownPath.length();
            lastName = name;
        }

        private static EntryKind kind(Snapshot.Type type) {
            return switch (type) {
                case DIR -> EntryKind.FOLDER;
                case FILE -> EntryKind.FILE;
                case SYMLINK -> EntryKind.SYMLINK;
                default -> EntryKind.OTHER;
            };
        }

        private static Instant modified(long nanos) {
            return nanos == 0 ? null : Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                    Math.floorMod(nanos, 1_000_000_000L));
        }
    }

}
