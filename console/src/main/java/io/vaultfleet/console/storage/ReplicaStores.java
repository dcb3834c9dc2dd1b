package io.vaultfleet.console.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;

import io.vaultfleet.protocol.enrollment.StorageGrant;

/**
 * One server's whole part of a location (its live blobs and its deleted area, names as {@link ServerStorage} gives
 * them) for geo-replication: list, read, write, copy from another location, delete. Azure to Azure copies are
 * server-side (Copy Blob from the source's URL with a short read-only SAS: the bytes never pass through the
 * console); anything else is streamed through a small buffer. Folder writes go to a temporary name, are fsynced and
 * renamed, so a reader never sees half a blob. The account keys stay in this package.
 */
@Component
public class ReplicaStores {
    /** How long the read-only SAS a server-side copy gives the target account lives. */
    static final Duration COPY_SAS_VALIDITY = Duration.ofMinutes(30);
    private static final int BUFFER = 64 * 1024;

    private final StorageLocationRepository locations;
    private final SecretBox secrets;
    private final Clock clock;

    ReplicaStores(StorageLocationRepository locations, SecretBox secrets, Clock clock) {
        this.locations = locations;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A server's blobs at one location. */
    public interface Area {
        /** Every blob, live ({@code packs/…}) and soft-deleted ({@code deleted/packs/…}), with its size. */
        Map<String, Long> list();

        /** Size in bytes, or -1 when absent. */
        long size(String name);

        InputStream read(String name);

        /** Writes (replaces) a blob from a stream of {@code size} bytes, never holding it whole in memory. */
        void write(String name, InputStream content, long size);

        /**
         * Copies {@code name} from {@code source} here: server-side between two Azure accounts, else streamed
         * through {@code throttle} (which may slow the stream). Returns the content hash of what was written
         * ({@code sha256:<hex>} when it passed through the console, the service's {@code md5:<base64>} otherwise,
         * null when the service keeps none).
         */
        String copyFrom(Area source, String name, long size, UnaryOperator<InputStream> throttle);

        /** The stored content hash, computed by reading the blob when the store keeps none. */
        default String hash(String name) {
            try (InputStream in = read(name)) {
                return pump(in, OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void delete(String name);

        String describe();
    }

    public Area open(UUID locationId, UUID vaultId, UUID serverId) {
        StorageLocationRepository.Stored stored = stored(locationId);
        StorageLocation location = stored.location();
        String name = StorageAccessIssuer.containerOf(serverId);
        if (location.kind() == StorageKind.FOLDER) {
            Path vault = Path.of(location.folderPath()).resolve(vaultId.toString());
            return new FolderArea(vault.resolve(name), vault.resolve(name + ServerStorage.DELETED_SUFFIX));
        }
        String key = key(stored);
        return new AzureArea(AzureAccounts.container(location.accountUrl(), key, name),
                AzureAccounts.container(location.accountUrl(), key, name + ServerStorage.DELETED_SUFFIX), clock);
    }

    /** The location's paired location, if it names one (for the console's background work: no user involved). */
    public Optional<UUID> pairOf(UUID locationId) {
        return locations.find(locationId).map(s -> s.location().pairedLocationId());
    }

    /** A location's name and endpoint as shown, without its credential (background work: no user involved). */
    public Optional<StorageLocation> location(UUID locationId) {
        return locations.find(locationId).map(StorageLocationRepository.Stored::location);
    }

    /**
     * The Azure account's SKU ({@code Standard_ZRS}, {@code Standard_RAGRS}, …) as the service reports it, or null for
     * a folder location (which says nothing about its zones).
     */
    public String accountSku(UUID locationId) {
        StorageLocationRepository.Stored stored = stored(locationId);
        if (stored.location().kind() == StorageKind.FOLDER) {
            return null;
        }
        var info = AzureAccounts.container(stored.location().accountUrl(), key(stored), "unused").getServiceClient()
                .getAccountInfo();
        return info.getSkuName() == null ? null : info.getSkuName().toString();
    }

    /**
     * Read and list only ({@code sp=rl}) on a server's container at {@code locationId}, for {@code validity}: what a
     * restore from a secondary copy needs and nothing more. A folder location cannot be narrowed by a token: its
     * grant is the folder, read-only by the agent's promise (restore never writes to the repository).
     */
    public StorageGrant readGrant(UUID locationId, UUID vaultId, UUID serverId, Duration validity) {
        return readGrantUntil(locationId, vaultId, serverId, clock.instant().plus(validity));
    }

    /** {@link #readGrant} valid until {@code expires} (a restore-only credentials file's SAS ends with the file). */
    public StorageGrant readGrantUntil(UUID locationId, UUID vaultId, UUID serverId, Instant expires) {
        StorageLocationRepository.Stored stored = stored(locationId);
        StorageLocation location = stored.location();
        if (location.kind() == StorageKind.FOLDER) {
            return StorageAccessIssuer.folderGrant(location, vaultId, serverId);
        }
        BlobContainerClient container = AzureAccounts.container(location.accountUrl(), key(stored),
                StorageAccessIssuer.containerOf(serverId));
        Instant now = clock.instant();
        return StorageAccessIssuer.readOnlyGrant(container, now, expires);
    }

    private StorageLocationRepository.Stored stored(UUID locationId) {
        return locations.find(locationId)
                .orElseThrow(() -> new IllegalStateException("storage location " + locationId + " no longer exists"));
    }

    private String key(StorageLocationRepository.Stored stored) {
        if (stored.credentialSealed() == null) {
            throw new IllegalStateException("storage location " + stored.location().name() + " has no credential");
        }
        return secrets.open(stored.credentialSealed());
    }

    /** Streams {@code in} to {@code sink}, returning its SHA-256 as {@code sha256:<hex>}. */
    static String pump(InputStream in, OutputStream sink) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            sha.update(buffer, 0, n);
            sink.write(buffer, 0, n);
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record FolderArea(Path live, Path deleted) implements Area {
        private Path path(String name) {
            ServerStorage.checked(name);
            return name.startsWith(ServerStorage.DELETED) ? deleted.resolve(name.substring(ServerStorage.DELETED.length()))
                    : live.resolve(name);
        }

        @Override
        public Map<String, Long> list() {
            Map<String, Long> result = new HashMap<>();
            walk(live, "", result);
            walk(deleted, ServerStorage.DELETED, result);
            return result;
        }

        private static void walk(Path root, String prefix, Map<String, Long> result) {
            if (!Files.isDirectory(root)) {
                return;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().contains(".tmp-"))
                        .forEach(p -> {
                            try {
                                result.put(prefix + root.relativize(p).toString().replace('\\', '/'), Files.size(p));
                            } catch (IOException e) {
                                // removed meanwhile
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
        }

        @Override
        public long size(String name) {
            return ServerStorage.sizeOrAbsent(path(name));
        }

        @Override
        public InputStream read(String name) {
            try {
                return Files.newInputStream(path(name));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name + " in " + live, e);
            }
        }

        @Override
        public void write(String name, InputStream content, long size) {
            writeHashed(name, content, size);
        }

        private String writeHashed(String name, InputStream content, long size) {
            Path target = path(name);
            Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
            try {
                Files.createDirectories(target.getParent());
                String hash;
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                     var out = Channels.newOutputStream(channel)) {
                    hash = pump(content, out);
                    channel.force(true);
                }
                long written = Files.size(temp);
                if (written != size) {
                    throw new IOException("wrote " + written + " bytes of " + name + ", expected " + size);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return hash;
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the temporary name is never listed; a later clean-up removes it
                }
                throw new UncheckedIOException("cannot write " + name + " to " + live, e);
            }
        }

        @Override
        public String copyFrom(Area source, String name, long size, UnaryOperator<InputStream> throttle) {
            if (source instanceof FolderArea from) {
                return copyInKernel(from.path(name), name, size);
            }
            try (InputStream in = throttle.apply(source.read(name))) {
                return writeHashed(name, in, size);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Folder to folder: {@code FileChannel.transferTo} between the two files, which the JDK does with
         * {@code copy_file_range} on Linux (the bytes stay in the kernel, as {@code cp} copies them; a reflink on a
         * copy-on-write file system), to a temporary name, fsynced, renamed. No content hash (the bytes never pass
         * through the console, as in a server-side Azure copy): null, and the copy is counted against the rate limit
         * after the fact; <em>Verify secondary copy</em> reads samples on both sides.
         */
        private String copyInKernel(Path from, String name, long size) {
            Path target = path(name);
            Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
            try {
                Files.createDirectories(target.getParent());
                try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                     FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    long done = 0;
                    while (done < size) {
                        long n = in.transferTo(done, size - done, out);
                        if (n <= 0) {
                            throw new IOException("the source of " + name + " ended after " + done + " of " + size
                                    + " bytes");
                        }
                        done += n;
                    }
                    out.force(true);
                    if (out.size() != size) {
                        throw new IOException("wrote " + out.size() + " bytes of " + name + ", expected " + size);
                    }
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return null;
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the temporary name is never listed; a later clean-up removes it
                }
                throw new UncheckedIOException("cannot copy " + name + " to " + live, e);
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

    /**
     * {@code ensured}: the containers this area has made sure exist, so a pass asks the service once per container,
     * not once per blob (one round trip of a server-side copy's three).
     */
    private record AzureArea(BlobContainerClient live, BlobContainerClient deleted, Clock clock,
                             Set<String> ensured) implements Area {
        AzureArea(BlobContainerClient live, BlobContainerClient deleted, Clock clock) {
            this(live, deleted, clock, ConcurrentHashMap.newKeySet());
        }

        private void ensureContainerOf(String name) {
            BlobContainerClient container = containerOf(name);
            if (!ensured.contains(container.getBlobContainerName())) {
                container.createIfNotExists();
                ensured.add(container.getBlobContainerName());
            }
        }

        private BlobClient blob(String name) {
            ServerStorage.checked(name);
            return name.startsWith(ServerStorage.DELETED)
                    ? deleted.getBlobClient(name.substring(ServerStorage.DELETED.length())) : live.getBlobClient(name);
        }

        private BlobContainerClient containerOf(String name) {
            return name.startsWith(ServerStorage.DELETED) ? deleted : live;
        }

        @Override
        public Map<String, Long> list() {
            Map<String, Long> result = new HashMap<>();
            list(live, "", result);
            list(deleted, ServerStorage.DELETED, result);
            return result;
        }

        private static void list(BlobContainerClient container, String prefix, Map<String, Long> result) {
            if (!container.exists()) {
                return;
            }
            for (BlobItem item : container.listBlobs(new ListBlobsOptions(), null)) {
                result.put(prefix + item.getName(), item.getProperties().getContentLength());
            }
        }

        @Override
        public long size(String name) {
            BlobClient blob = blob(name);
            return blob.exists() ? blob.getProperties().getBlobSize() : -1;
        }

        @Override
        public InputStream read(String name) {
            return blob(name).openInputStream();
        }

        @Override
        public void write(String name, InputStream content, long size) {
            ensureContainerOf(name);
            // 4 MiB blocks, two at a time: at most a few MiB of a pack in the heap
            blob(name).uploadWithResponse(new BlobParallelUploadOptions(content, size)
                    .setParallelTransferOptions(new ParallelTransferOptions().setBlockSizeLong(4L * 1024 * 1024)
                            .setMaxConcurrency(2).setMaxSingleUploadSizeLong(4L * 1024 * 1024)), null, null);
        }

        @Override
        public String copyFrom(Area source, String name, long size, UnaryOperator<InputStream> throttle) {
            if (source instanceof AzureArea from) {
                ensureContainerOf(name);
                BlobClient origin = from.blob(name);
                Instant now = clock.instant();
                String sas = origin.generateSas(new BlobServiceSasSignatureValues(
                        now.plus(COPY_SAS_VALIDITY).atOffset(ZoneOffset.UTC), new BlobSasPermission().setReadPermission(true))
                        .setStartTime(now.minus(Duration.ofMinutes(5)).atOffset(ZoneOffset.UTC)));
                BlobClient target = blob(name);
                target.beginCopy(origin.getBlobUrl() + "?" + sas, Duration.ofMillis(200))
                        .waitForCompletion(Duration.ofMinutes(30));
                var properties = target.getProperties();
                if (properties.getBlobSize() != size) {
                    throw new IllegalStateException("server-side copy of " + name + " has " + properties.getBlobSize()
                            + " bytes, expected " + size);
                }
                return properties.getContentMd5() == null ? null
                        : "md5:" + Base64.getEncoder().encodeToString(properties.getContentMd5());
            }
            try (InputStream in = new DigestInputStream(throttle.apply(source.read(name)), sha256())) {
                write(name, in, size);
                return "sha256:" + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
