package io.vaultfleet.agent.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.protocol.ConflictPolicy;

/**
 * What a restore does when something already exists where an item goes (the MARS wizard's choices): overwrite it,
 * write the restored item beside it as {@code name (restored 1).ext}, {@code name (restored 2).ext}…, or leave it and
 * list the item as skipped. Folders never conflict: a restored folder merges into an existing one, and its entries
 * are judged one by one.
 */
final class ConflictHandling {
    private final ConflictPolicy policy;
    private final RestoreListener listener;
    /** Where items other than files went when not to their own destination (null: skipped); metadata follows it. */
    private final Map<String, Path> moved = new HashMap<>();

    ConflictHandling(ConflictPolicy policy, RestoreListener listener) {
        this.policy = policy == null ? ConflictPolicy.OVERWRITE : policy;
        this.listener = listener;
    }

    /**
     * Where {@code node} is written: {@code dest}, another free name beside it, or null when it is skipped (the
     * listener hears why).
     */
    Path place(Snapshot.Node node, Path dest) throws IOException {
        if (node.type() == Snapshot.Type.DIR || policy == ConflictPolicy.OVERWRITE
                || !Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            return dest;
        }
        Path placed = policy == ConflictPolicy.SKIP ? null : freeName(dest);
        if (placed == null) {
            listener.skipped(FileNames.display(node.path()), "already exists at " + FileNames.display(
                    FileNames.name(dest)) + " (on conflict: do not recover)");
        }
        if (node.type() != Snapshot.Type.FILE) {
            moved.put(node.path(), placed);
        }
        return placed;
    }

    /** Where a non-file node's metadata goes: where {@link #place} put it, or null when it was skipped. */
    Path placed(Snapshot.Node node, Path dest) {
        return moved.containsKey(node.path()) ? moved.get(node.path()) : dest;
    }

    /** {@code name (restored N).ext} with the smallest N that is free. */
    static Path freeName(Path dest) {
        String name = FileNames.name(dest.getFileName());
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; ; n++) {
            Path candidate = dest.resolveSibling(FileNames.path(stem + " (restored " + n + ")" + ext));
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)
                    && !Files.exists(FileTarget.marked(candidate), LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
    }
}
