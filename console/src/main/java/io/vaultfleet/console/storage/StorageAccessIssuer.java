package io.vaultfleet.console.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;

import io.vaultfleet.protocol.enrollment.StorageGrant;

/**
 * Gives a registered server access to its own part of its vault's storage location, and nothing else: a folder
 * {@code <location>/<vault>/<server>}, or for Azure Blob the container {@code srv-<server>} with a SAS that reads,
 * creates and lists ({@code sp=rcl}), valid for {@link #SAS_VALIDITY}: no write, so an existing blob cannot be
 * overwritten (Azure's create permission writes new blobs only), and no delete. A server taken over can add blobs
 * but cannot destroy its own recovery points. Deleting is the console's job (retention, soft delete). The
 * location's account key stays in this package.
 */
@Component
public class StorageAccessIssuer {
    public static final Duration SAS_VALIDITY = Duration.ofHours(8);

    private final StorageLocationRepository locations;
    private final SecretBox secrets;
    private final Clock clock;

    StorageAccessIssuer(StorageLocationRepository locations, SecretBox secrets, Clock clock) {
        this.locations = locations;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The container (Azure) or folder name of a server: stable, and valid as an Azure container name. */
    public static String containerOf(UUID serverId) {
        return "srv-" + serverId.toString().replace("-", "");
    }

    public StorageGrant issue(UUID locationId, UUID vaultId, UUID serverId) {
        StorageLocationRepository.Stored stored = stored(locationId);
        if (stored.location().kind() == StorageKind.FOLDER) {
            return folderGrant(stored.location(), vaultId, serverId);
        }
        BlobContainerClient container = container(stored, serverId, " without delete permission");
        container.createIfNotExists();
        Instant expires = clock.instant().plus(SAS_VALIDITY);
        return new StorageGrant("azure:" + container.getBlobContainerUrl() + "?" + agentSas(container, clock.instant(),
                expires), expires);
    }

    /**
     * Read-only access to {@code serverId}'s backups for another server of the vault that restores them (Recover
     * Data): for Azure Blob a SAS that only reads and lists ({@code sp=rl}) the source's container until
     * {@code until}; for a folder location the source's folder (the target's file system access decides). Never the
     * {@code -deleted} container.
     */
    public StorageGrant issueReadOnly(UUID locationId, UUID vaultId, UUID serverId, Instant until) {
        StorageLocationRepository.Stored stored = stored(locationId);
        if (stored.location().kind() == StorageKind.FOLDER) {
            return folderGrant(stored.location(), vaultId, serverId);
        }
        return readOnlyGrant(container(stored, serverId, ""), clock.instant(), until);
    }

    private StorageLocationRepository.Stored stored(UUID locationId) {
        return locations.find(locationId)
                .orElseThrow(() -> new IllegalStateException("the vault's storage location no longer exists"));
    }

    /**
     * The server's container at an Azure location, opened with the location's account key; refused when the location
     * holds a SAS token instead, which cannot sign narrower per-server tokens ({@code tokens} says which).
     */
    private BlobContainerClient container(StorageLocationRepository.Stored stored, UUID serverId, String tokens) {
        StorageLocation location = stored.location();
        if (stored.credentialSealed() == null) {
            throw new IllegalStateException("storage location " + location.name() + " has no credential");
        }
        String credential = secrets.open(stored.credentialSealed());
        if (credential.contains("sig=")) {
            throw new IllegalStateException("storage location " + location.name() + " holds a SAS token: give it the "
                    + "account key so the console can issue per-server tokens" + tokens);
        }
        return AzureAccounts.container(location.accountUrl(), credential, containerOf(serverId));
    }

    /** A server's part of a folder location, {@code <folder>/<vault>/<server>}: the grant is the folder itself. */
    static StorageGrant folderGrant(StorageLocation location, UUID vaultId, UUID serverId) {
        Path folder = Path.of(location.folderPath()).resolve(vaultId.toString()).resolve(containerOf(serverId));
        return new StorageGrant("folder:" + folder, null);
    }

    /** Read and list only ({@code sp=rl}) on {@code container}, from five minutes before {@code now} to {@code until}. */
    static StorageGrant readOnlyGrant(BlobContainerClient container, Instant now, Instant until) {
        String sas = container.generateSas(new BlobServiceSasSignatureValues(until.atOffset(ZoneOffset.UTC),
                readOnlyPermissions()).setStartTime(now.minus(Duration.ofMinutes(5)).atOffset(ZoneOffset.UTC)));
        return new StorageGrant("azure:" + container.getBlobContainerUrl() + "?" + sas, until);
    }

    /** What a restoring server may do in another server's container: read and list, nothing else. */
    static BlobContainerSasPermission readOnlyPermissions() {
        return new BlobContainerSasPermission().setReadPermission(true).setListPermission(true);
    }

    /** What a server may do in its container: read, create new blobs, list. Never write (overwrite) or delete. */
    static BlobContainerSasPermission agentPermissions() {
        return new BlobContainerSasPermission().setReadPermission(true).setCreatePermission(true)
                .setListPermission(true);
    }

    static String agentSas(BlobContainerClient container, Instant now, Instant expires) {
        return container.generateSas(new BlobServiceSasSignatureValues(expires.atOffset(ZoneOffset.UTC),
                agentPermissions()).setStartTime(now.minus(Duration.ofMinutes(5)).atOffset(ZoneOffset.UTC)));
    }

    /** {@code https://<account>.blob.core.windows.net} or an emulator's {@code http://host:port/<account>}. */
    static String accountName(String accountUrl) {
        URI uri = URI.create(accountUrl);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        if (!path.isEmpty()) {
            return path.split("/")[0];
        }
        String host = uri.getHost();
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }
}
