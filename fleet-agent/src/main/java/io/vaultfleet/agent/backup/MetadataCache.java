package io.vaultfleet.agent.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.Snapshot;

/**
 * The agent-side cache that lets unchanged files be recognised without reading them: a copy of the last recovery
 * point of the same item, kept sealed exactly as stored (so the cache holds no plaintext), under
 * {@code <cache>/<repository id>/<item hash>.snapshot}. A file counts as unchanged when its size, mtime, ctime and
 * inode match and every chunk it had is still in the index.
 */
final class MetadataCache {
    private final Path file;

    MetadataCache(Path cacheDir, String repoId, String host, String item) {
        this.file = cacheDir == null ? null
                : cacheDir.resolve(repoId).resolve(sha(host + "\n" + item) + ".snapshot");
    }

    private static String sha(String text) {
        try {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The previous run's file nodes by path (mutable: the backup removes each as it is matched), its snapshot id and
     * the packs it referenced; empty when there is no usable cache.
     */
    record Previous(String snapshotId, Map<String, Snapshot.Node> files, java.util.List<String> packs) {
        static final Previous NONE = new Previous(null, java.util.Collections.emptyMap(), java.util.List.of());
    }

    Previous load(Repository repo) {
        if (file == null || !Files.isRegularFile(file)) {
            return Previous.NONE;
        }
        try {
            byte[] sealed = Files.readAllBytes(file);
            String id = io.vaultfleet.agent.repo.Json.MAPPER.readTree(
                    Files.readAllBytes(file.resolveSibling(file.getFileName() + ".id"))).asString();
            Map<String, Snapshot.Node> files = new HashMap<>();
            // straight into the map: the previous point's folders, links and the whole node list are never held
            Snapshot s = repo.decodeSnapshot(id, sealed, n -> {
                if (n.type() == Snapshot.Type.FILE) {
                    files.put(n.path(), n);
                }
            });
            return new Previous(id, files, s.packs());
        } catch (IOException | RuntimeException e) {
            return Previous.NONE;
        }
    }

    void save(String snapshotId, byte[] sealed) throws IOException {
        if (file == null) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, sealed);
        Files.writeString(file.resolveSibling(file.getFileName() + ".id"), "\"" + snapshotId + "\"");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static boolean unchanged(Snapshot.Node before, Snapshot.Node now) {
        return before != null && before.type() == Snapshot.Type.FILE && before.size() == now.size()
                && before.mtime() == now.mtime() && before.ctime() == now.ctime() && before.inode() == now.inode();
    }
}
