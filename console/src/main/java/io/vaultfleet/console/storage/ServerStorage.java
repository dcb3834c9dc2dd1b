package io.vaultfleet.console.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
 * never have delete): what retention clean-up needs to move blobs under {@code deleted/}, back again, and purge them.
 * Works on folders and on Azure Blob containers (official SDK, account key from {@link SecretBox}, never logged).
 */
@Component
public class ServerStorage {
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
            return new FolderContainer(Path.of(location.folderPath()).resolve(vaultId.toString()).resolve(name));
        }
        if (stored.credentialSealed() == null) {
            throw new IllegalStateException("storage location " + location.name() + " has no credential");
        }
        return new AzureContainer(AzureAccounts.container(location.accountUrl(), secrets.open(stored.credentialSealed()),
                name));
    }

    static String checked(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("..") || name.contains("\\")) {
            throw new IllegalArgumentException("not a repository blob name: " + name);
        }
        return name;
    }

    private record FolderContainer(Path root) implements Container {
        @Override
        public Map<String, Long> list(String prefix) {
            Map<String, Long> result = new HashMap<>();
            if (!Files.isDirectory(root)) {
                return result;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).forEach(p -> {
                    String name = root.relativize(p).toString().replace('\\', '/');
                    if (name.startsWith(prefix) && !p.getFileName().toString().contains(".tmp-")) {
                        try {
                            result.put(name, Files.size(p));
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
            try {
                return Files.size(root.resolve(checked(name)));
            } catch (NoSuchFileException e) {
                return -1;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void move(String from, String to) {
            Path source = root.resolve(checked(from));
            Path target = root.resolve(checked(to));
            try {
                if (!Files.exists(source)) {
                    if (Files.exists(target)) {
                        return;
                    }
                    throw new MissingBlobException(from + " is missing from " + root);
                }
                Files.createDirectories(target.getParent());
                try {
                    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    // an earlier attempt copied it: blobs are immutable and named by their hash, so it is the same
                    Files.delete(source);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move " + from + " to " + to + " in " + root, e);
            }
        }

        @Override
        public void delete(String name) {
            try {
                Files.deleteIfExists(root.resolve(checked(name)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String describe() {
            return root.toString();
        }
    }

    private record AzureContainer(BlobContainerClient container) implements Container {
        @Override
        public Map<String, Long> list(String prefix) {
            Map<String, Long> result = new HashMap<>();
            if (!container.exists()) {
                return result;
            }
            for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
                result.put(item.getName(), item.getProperties().getContentLength());
            }
            return result;
        }

        @Override
        public long size(String name) {
            BlobClient blob = container.getBlobClient(checked(name));
            return blob.exists() ? blob.getProperties().getBlobSize() : -1;
        }

        @Override
        public void move(String from, String to) {
            BlobClient source = container.getBlobClient(checked(from));
            BlobClient target = container.getBlobClient(checked(to));
            if (!source.exists()) {
                if (target.exists()) {
                    return;
                }
                throw new MissingBlobException(from + " is missing from container " + container.getBlobContainerName());
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
            container.getBlobClient(checked(name)).deleteIfExists();
        }

        @Override
        public String describe() {
            return container.getBlobContainerUrl();
        }
    }
}
