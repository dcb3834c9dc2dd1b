package io.vaultfleet.agent.restore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.Snapshot;

/**
 * The folders whose metadata (times, mode) must wait until everything inside them is written, else writing their
 * content would change their times again. Version 3 recovery points list nodes component by component (a folder's
 * entries follow it directly, docs/format.md §8), so a folder is complete once the stream of nodes leaves it: the
 * folders still open are a stack no deeper than the tree, and the ones closed meanwhile wait only until the batch
 * holding their last files is written ({@link #takeClosed()}). Version 2 points were sorted by whole path strings,
 * where a sibling {@code a.txt} comes between {@code a} and {@code a/x}: their folders are kept to the end and
 * done deepest first, as before (old points only).
 */
final class DeferredDirectories {
    private final boolean streamOrder;
    private final Deque<Snapshot.Node> open = new ArrayDeque<>();
    private final List<Snapshot.Node> closed = new ArrayList<>();

    /** {@code streamOrder}: the nodes come in the component-by-component order of format version 3. */
    DeferredDirectories(boolean streamOrder) {
        this.streamOrder = streamOrder;
    }

    /** Called with every selected node's path before the node is restored: closes the folders it is not in. */
    void reach(String path) {
        while (streamOrder && !open.isEmpty() && !inside(path, open.peek().path())) {
            closed.add(open.pop());
        }
    }

    /** A folder whose entries follow; {@link #reach} must have been called with its path. */
    void enter(Snapshot.Node dir) {
        if (streamOrder) {
            open.push(dir);
        } else {
            closed.add(dir);
        }
    }

    /** The folders closed since the last call, deepest first (in stream order; empty for version 2 points). */
    List<Snapshot.Node> takeClosed() {
        if (!streamOrder) {
            return List.of();
        }
        List<Snapshot.Node> done = new ArrayList<>(closed);
        closed.clear();
        return done;
    }

    /** Every folder not yet taken, deepest first: at the end of the restore. */
    List<Snapshot.Node> takeAll() {
        List<Snapshot.Node> done = new ArrayList<>(closed);
        closed.clear();
        if (!streamOrder) {
            done.sort(Comparator.comparing(Snapshot.Node::path, FileNames.ORDER).reversed());
        }
        while (!open.isEmpty()) {
            done.add(open.pop());
        }
        return done;
    }

    /**
     * Whether {@code path} is below the folder {@code dir}. Either separator counts ({@code /} on POSIX, {@code \}
     * on Windows): a POSIX name holding a backslash only keeps a folder open a little longer, never closes it early.
     */
    static boolean inside(String path, String dir) {
        if (path.length() <= dir.length() || !path.startsWith(dir)) {
            return false;
        }
        char last = dir.isEmpty() ? 0 : dir.charAt(dir.length() - 1);
        char next = path.charAt(dir.length());
        return last == '/' || last == '\\' || next == '/' || next == '\\';
    }
}
