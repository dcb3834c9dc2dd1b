package io.vaultfleet.console.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;

/**
 * The console's own access to one server's part of a storage location, with the location's full rights (the agents
 * never have delete): what retention clean-up needs to soft-delete blobs, bring them back, and purge them.
 * Names under {@value #DELETED} are the server's <em>deleted area</em>: a second container {@code srv-<id>-deleted}
 * (a sibling folder on folder locations) that the agent's SAS, scoped to its own container, cannot reach, so a
 * compromised server can neither see nor overwrite its soft-deleted data. {@code deleted/packs/ab/…} there holds what
 * was {@code packs/ab/…}. Works on folders and on Azure Blob (official SDK, account key from {@link SecretBox},
 * never logged).
 */
@Component
public class ServerStorage {
    /** The prefix naming a blob in the server's deleted area. */
    public static final String DELETED = "deleted/";
    static final String DELETED_SUFFIX = "-deleted";

    private final StorageLocationRepository locations;
    private final SecretBox secrets;

    ServerStorage(StorageLocationRepository locations, SecretBox secrets) {
        this.locations = locations;
        this.secrets = secrets;
    }

    /** One server's blobs: names are the repository's ({@code packs/ab/…}, {@code snapshots/…}, {@code deleted/…}). */
    public interface Container {
        /** Blob names under {@code prefix} with their sizes. */
        Map<String, Long> list(String prefix);

        /** Size in bytes, or -1 when there is no such blob. */
        long size(String name);

        /**
         * Moves a blob. Idempotent, so an interrupted clean-up can simply run again: when {@code from} is gone and
         * {@code to} exists the move already happened. Throws {@link MissingBlobException} when neither exists.
         */
        void move(String from, String to);

        /** Removes a blob if present. */
        void delete(String name);

        String describe();

        /**
         * Removes temporary files of uploads that never finished ({@code <name>.tmp-<uuid>}, left when an agent's
         * backup was killed) last modified before {@code olderThan}, so an upload in progress is never hit. Azure
         * has none: uncommitted blocks are dropped by the service itself.
         */
        default TempFiles removeTemporaryFiles(Instant olderThan) {
            return new TempFiles(0, 0);
        }
    }

    /** What {@link Container#removeTemporaryFiles} removed. */
    public record TempFiles(int files, long bytes) {
    }

    /** A blob the console expected is in neither place: storage lost it, or someone removed it outside the console. */
    public static final class MissingBlobException extends RuntimeException {
        public MissingBlobException(String message) {
            super(message);
        }
    }

    public Container open(UUID locationId, UUID vaultId, UUID serverId) {
        StorageLocationRepository.Stored stored = locations.find(locationId)
                .orElseThrow(() -> new IllegalStateException("the vault's storage location no longer exists"));
        StorageLocation location = stored.location();
        String name = StorageAccessIssuer.containerOf(serverId);
        if (location.kind() == StorageKind.FOLDER) {
            Path vault = Path.of(location.folderPath()).resolve(vaultId.toString());
            return new FolderContainer(vault.resolve(name), vault.resolve(name + DELETED_SUFFIX));
        }
        if (stored.credentialSealed() == null) {
            throw new IllegalStateException("storage location " + location.name() + " has no credential");
        }
        String key = secrets.open(stored.credentialSealed());
        return new AzureContainer(AzureAccounts.container(location.accountUrl(), key, name),
                AzureAccounts.container(location.accountUrl(), key, name + DELETED_SUFFIX));
    }

    static String checked(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("..") || name.contains("\\")) {
            throw new IllegalArgumentException("not a repository blob name: " + name);
        }
        return name;
    }

    /** A blob file's size in bytes, or -1 when there is no such file. */
    static long sizeOrAbsent(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record FolderContainer(Path live, Path deleted) implements Container {
        @Override
        public TempFiles removeTemporaryFiles(Instant olderThan) {
            if (!Files.isDirectory(live)) {
                return new TempFiles(0, 0);
            }
            int files = 0;
            long bytes = 0;
            try (Stream<Path> walk = Files.walk(live)) {
                for (Path p : walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().contains(".tmp-"))
                        .toList()) {
                    try {
                        if (Files.getLastModifiedTime(p).toInstant().isBefore(olderThan)) {
                            long size = Files.size(p);
                            Files.delete(p);
                            files++;
                            bytes += size;
                        }
                    } catch (NoSuchFileException e) {
                        // finished (renamed) or removed meanwhile
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new TempFiles(files, bytes);
        }

        private Path path(String name) {
            checked(name);
            return name.startsWith(DELETED) ? deleted.resolve(name.substring(DELETED.length())) : live.resolve(name);
        }

        @Override
        public Map<String, Long> list(String prefix) {
            Map<String, Long> result = new HashMap<>();
            boolean inDeleted = prefix.startsWith(DELETED);
            Path root = inDeleted ? deleted : live;
            String local = inDeleted ? prefix.substring(DELETED.length()) : prefix;
            if (!Files.isDirectory(root)) {
                return result;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).forEach(p -> {
                    String name = root.relativize(p).toString().replace('\\', '/');
                    if (name.startsWith(local) && !p.getFileName().toString().contains(".tmp-")) {
                        try {
                            result.put(inDeleted ? DELETED + name : name, Files.size(p));
                        } catch (IOException e) {
                            // vanished meanwhile
                        }
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return result;
        }

        @Override
        public long size(String name) {
            return sizeOrAbsent(path(name));
        }

        @Override
        public void move(String from, String to) {
            Path source = path(from);
            Path target = path(to);
            try {
                if (!Files.exists(source)) {
                    if (Files.exists(target)) {
                        return;
                    }
                    throw new MissingBlobException(from + " is missing from " + describe());
                }
                Files.createDirectories(target.getParent());
                try {
                    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    // an earlier attempt copied it: blobs are immutable and named by their hash, so it is the same
                    Files.delete(source);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move " + from + " to " + to + " in " + describe(), e);
            }
        }

        @Override
        public void delete(String name) {
            try {
                Files.deleteIfExists(path(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String describe() {
            return live.toString();
        }
    }

    private record AzureContainer(BlobContainerClient live, BlobContainerClient deleted) implements Container {
        private BlobClient blob(String name) {
            checked(name);
            return name.startsWith(DELETED) ? deleted.getBlobClient(name.substring(DELETED.length()))
                    : live.getBlobClient(name);
        }

        @Override
        public Map<String, Long> list(String prefix) {
            Map<String, Long> result = new HashMap<>();
            boolean inDeleted = prefix.startsWith(DELETED);
            BlobContainerClient container = inDeleted ? deleted : live;
            if (!container.exists()) {
                return result;
            }
            String local = inDeleted ? prefix.substring(DELETED.length()) : prefix;
            for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(local), null)) {
                result.put(inDeleted ? DELETED + item.getName() : item.getName(),
                        item.getProperties().getContentLength());
            }
            return result;
        }

        @Override
        public long size(String name) {
            BlobClient blob = blob(name);
            return blob.exists() ? blob.getProperties().getBlobSize() : -1;
        }

        @Override
        public void move(String from, String to) {
            BlobClient source = blob(from);
            BlobClient target = blob(to);
            if (!source.exists()) {
                if (target.exists()) {
                    return;
                }
                throw new MissingBlobException(from + " is missing from container " + live.getBlobContainerName());
            }
            if (to.startsWith(DELETED)) {
                deleted.createIfNotExists();
            }
            // server-side copy inside the account (authorised by the account key), then the source goes
            target.beginCopy(source.getBlobUrl(), Duration.ofMillis(200)).waitForCompletion(Duration.ofMinutes(10));
            if (target.getProperties().getBlobSize() != source.getProperties().getBlobSize()) {
                throw new IllegalStateException("copy of " + from + " to " + to + " is incomplete");
            }
            source.deleteIfExists();
        }

        @Override
        public void delete(String name) {
            blob(name).deleteIfExists();
        }

        @Override
        public String describe() {
            return live.getBlobContainerUrl();
        }
    }
}
