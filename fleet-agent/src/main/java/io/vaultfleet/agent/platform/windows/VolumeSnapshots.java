package io.vaultfleet.agent.platform.windows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shadow copies for one files-and-folders backup: one per volume the roots live on, each linked under a folder in
 * the agent's cache so java.nio can read it, and a map from each root to where to read it. {@link #close()} removes
 * the links and deletes the shadow copies, whatever happened; a crash leaves them recorded for
 * {@link ShadowCopies#deleteLeftovers()} at the next start.
 * <p>Only tested with recorded vssadmin output: it runs on Windows only.
 */
public final class VolumeSnapshots implements AutoCloseable {
    private final List<ShadowCopies.Snapshot> snapshots = new ArrayList<>();
    private final List<Path> links = new ArrayList<>();
    private final Map<Path, Path> readRoots = new LinkedHashMap<>();

    private VolumeSnapshots() {
    }

    /**
     * @param roots     absolute paths to back up, e.g. {@code C:\Users}
     * @param linkFolder an empty folder in the agent cache, e.g. {@code <cache>\vss}
     */
    public static VolumeSnapshots open(ShadowCopies copies, List<Path> roots, Path linkFolder)
            throws IOException, InterruptedException {
        VolumeSnapshots session = new VolumeSnapshots();
        try {
            Files.createDirectories(linkFolder);
            Map<Path, Path> linkByVolume = new LinkedHashMap<>();
            for (Path root : roots) {
                Path volumeRoot = root.getRoot();
                if (volumeRoot == null) {
                    throw new IllegalArgumentException(root + " is not an absolute path");
                }
                Path link = linkByVolume.get(volumeRoot);
                if (link == null) {
                    String volume = volumeName(volumeRoot);
                    ShadowCopies.Snapshot snapshot = copies.create(volume);
                    session.snapshots.add(snapshot);
                    link = linkFolder.resolve("volume-" + session.snapshots.size());
                    Files.deleteIfExists(link);
                    snapshot.linkAt(link);
                    session.links.add(link);
                    linkByVolume.put(volumeRoot, link);
                }
                Path relative = volumeRoot.relativize(root);
                session.readRoots.put(root, relative.toString().isEmpty() ? link : link.resolve(relative.toString()));
            }
            return session;
        } catch (IOException | InterruptedException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Root → where the backup reads it (inside its volume's shadow copy). */
    public Map<Path, Path> readRoots() {
        return Map.copyOf(readRoots);
    }

    /** {@code C:\} → {@code C:}; a root without a drive letter is used as it is. */
    static String volumeName(Path volumeRoot) {
        String text = volumeRoot.toString();
        return text.matches("[A-Za-z]:[\\\\/]?") ? text.substring(0, 2) : text;
    }

    @Override
    public void close() {
        for (Path link : links) {
            try {
                Files.deleteIfExists(link);
            } catch (IOException ignored) {
                // a link left behind points at a deleted shadow copy: harmless, removed with the cache
            }
        }
        for (ShadowCopies.Snapshot snapshot : snapshots) {
            try {
                snapshot.close();
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // still recorded: deleted at the next start
            }
        }
    }
}
