package io.vaultfleet.agent.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.vaultfleet.agent.repo.Json;
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
            var md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The previous run's files ({@code files} null when there is no usable cache), its snapshot id, the packs it
     * referenced, and its totals (files, bytes) for the progress estimate. Close it: the files live in scratch files.
     */
    record Previous(String snapshotId, PreviousFiles files, List<String> packs, long fileCount, long totalBytes)
            implements AutoCloseable {
        static final Previous NONE = new Previous(null, null, List.of(), 0, 0);

        /** The previous point's file at {@code path}, or null. */
        Snapshot.Node find(String path) throws IOException {
            return files == null ? null : files.find(path);
        }

        @Override
        public void close() {
            if (files != null) {
                files.close();
            }
        }
    }

    Previous load(Repository repo) {
        if (file == null || !Files.isRegularFile(file)) {
            return Previous.NONE;
        }
        PreviousFiles files = null;
        try {
            byte[] sealed = Files.readAllBytes(file);
            String id = Json.MAPPER.readTree(Files.readAllBytes(file.resolveSibling(file.getFileName() + ".id")))
                    .asString();
            PreviousFiles table = new PreviousFiles();
            files = table;
            // straight into the table on disk: the previous point's nodes are never held, not even its files
            Snapshot s = repo.decodeSnapshot(id, sealed, n -> {
                if (n.type() == Snapshot.Type.FILE) {
                    table.add(n);
                }
            });
            table.finish();
            return new Previous(id, table, s.packs(), s.stats().files(), s.stats().totalBytes());
        } catch (IOException | RuntimeException e) {
            if (files != null) {
                files.close();
            }
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
