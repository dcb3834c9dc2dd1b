package io.vaultfleet.console.replication;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.console.downloads.DownloadedFile;
import io.vaultfleet.console.downloads.VaultCredentialsService;
import io.vaultfleet.console.fleet.FleetRoster;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.storage.ReplicaStores;
import io.vaultfleet.console.storage.StorageLocation;
import io.vaultfleet.console.vault.StorageRedundancy;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultLookup;
import io.vaultfleet.protocol.enrollment.StorageGrant;
import io.vaultfleet.protocol.vault.RestoreSource;

/**
 * The secondary copies as the rest of the console sees them: each vault's replication status, the Cross Region
 * Restore setting (Backup Configuration › Cross Region Restore) and, when it is on, a read-only grant to a server's
 * copy on the secondary for the Recover Data wizard.
 */
@Service
public class SecondaryCopies {
    private final ReplicationRepository repo;
    private final ReplicaStores stores;
    private final VaultLookup vaults;
    private final FleetRoster fleet;
    private final AccessControl access;
    private final AuditLog audit;
    private final ReplicationProperties properties;
    private final SecondaryCopyVerifier verifier;
    private final VaultCredentialsService credentials;

    SecondaryCopies(ReplicationRepository repo, ReplicaStores stores, VaultLookup vaults, FleetRoster fleet,
                    AccessControl access, AuditLog audit, ReplicationProperties properties,
                    SecondaryCopyVerifier verifier, VaultCredentialsService credentials) {
        this.verifier = verifier;
        this.credentials = credentials;
        this.fleet = fleet;
        this.repo = repo;
        this.stores = stores;
        this.vaults = vaults;
        this.access = access;
        this.audit = audit;
        this.properties = properties;
    }

    /** A vault's replication status; readers of the vault only. */
    @PreAuthorize("isAuthenticated()")
    public ReplicationStatus status(UUID vaultId) {
        access.requireAtVault(Role.READER, vaultId, "replication.read");
        return statusOf(vault(vaultId));
    }

    /** Every geo-redundant vault's status, for the dashboard and metrics (no user involved: counts only). */
    @Transactional(readOnly = true)
    public List<ReplicationStatus> geoRedundantStatuses() {
        return vaults.geoRedundant().stream().map(vaults::find).flatMap(Optional::stream).map(this::statusOf)
                .toList();
    }

    /** How many geo-redundant vaults have a secondary that is behind (the dashboard's count). */
    public long laggingVaults() {
        return geoRedundantStatuses().stream().filter(ReplicationStatus::lagging).count();
    }

    /**
     * Turns Cross Region Restore on or off: contributors of a geo-redundant vault, refused with the reason otherwise.
     */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public ReplicationStatus setCrossRegionRestore(UUID vaultId, boolean enabled) {
        Vault vault = vault(vaultId);
        access.require(Role.CONTRIBUTOR, vault.path(), "vault.cross-region-restore");
        if (enabled && vault.redundancy() != StorageRedundancy.GEO_REDUNDANT) {
            audit.record("vault.cross-region-restore", "vault:" + vaultId, AuditLog.Outcome.DENIED,
                    vault.redundancy().name());
            throw new InvalidInputException("crossRegionRestore", "Cross Region Restore needs a geo-redundant vault: "
                    + "this one is " + vault.redundancy().label() + ", so there is no secondary copy to restore from.");
        }
        repo.setCrossRegionRestore(vaultId, enabled);
        audit.record("vault.cross-region-restore", "vault:" + vaultId, AuditLog.Outcome.SUCCESS,
                enabled ? "enabled" : "disabled");
        return statusOf(vault);
    }

    /**
     * A read-only, restore-only grant ({@code sp=rl}, valid {@code vaultfleet.replication.restore-grant}) to a
     * server's copy on its vault's secondary location, for a restore from the secondary. Backup operators of the
     * vault; refused with the reason when Cross Region Restore is off, the vault is not geo-redundant, there is no
     * paired location or the secondary holds nothing of the server yet.
     */
    @PreAuthorize("isAuthenticated()")
    public StorageGrant readGrant(UUID serverId) {
        UUID vaultId = fleet.vaultOf(serverId)
                .orElseThrow(() -> new InvalidInputException("server", "No such registered server."));
        Vault vault = vault(vaultId);
        access.require(Role.OPERATOR, vault.path(), "recovery.secondary-grant");
        String why = whyNoSecondary(vault);
        if (why == null && repo.copied(vaultId, serverId).isEmpty()) {
            why = "nothing of this server has been copied to the secondary yet.";
        }
        if (why != null) {
            throw refused(vault, why);
        }
        UUID target = repo.state(vaultId).orElseThrow().targetId();
        StorageGrant grant = stores.readGrant(target, vaultId, serverId, properties.restoreGrant());
        audit.record("recovery.secondary-grant", "server:" + serverId, AuditLog.Outcome.SUCCESS,
                "read-only grant to the secondary copy");
        return grant;
    }

    /**
     * Why the vault cannot have secondary-region credentials now (null: it can): not geo-redundant, Cross Region
     * Restore off, no paired location with a copy, or nothing copied yet. What Backup Configuration shows beside the
     * disabled download; readers of the vault.
     */
    @PreAuthorize("isAuthenticated()")
    public String whyNoRestoreCredentials(UUID vaultId) {
        Vault vault = vault(vaultId);
        access.requireAtVault(Role.READER, vaultId, "replication.read");
        String why = whyNoSecondary(vault);
        if (why == null && serversWithACopy(vault).isEmpty()) {
            why = "nothing has been copied to the secondary yet.";
        }
        return why;
    }

    /** Whether the signed-in user may download secondary-region credentials (the role the service requires). */
    public boolean mayDownloadRestoreCredentials(UUID vaultId) {
        return access.allowsAtVault(Role.CONTRIBUTOR, vaultId);
    }

    /**
     * <em>Download secondary-region credentials</em>: a restore-only credentials file (docs/format.md, Vault
     * credentials files) with, for each server of the vault that has a copy on the secondary, read-and-list-only
     * access to that copy ({@code sp=rl} on the server's container in the paired account, or the folder), valid as
     * long as the file. It restores with {@code fleet-agent restore --credentials FILE --server NAME} and the
     * server's passphrase typed on the machine that restores; it never registers a server. Contributors of the vault
     * (as for the registration file); refused with the reason otherwise, audited either way.
     */
    @PreAuthorize("isAuthenticated()")
    public DownloadedFile restoreCredentials(UUID vaultId, String requestBaseUrl) {
        Vault vault = vault(vaultId);
        access.require(Role.CONTRIBUTOR, vault.path(), "vault.restore-credentials.download");
        String why = whyNoSecondary(vault);
        List<UUID> servers = why == null ? serversWithACopy(vault) : List.of();
        if (why == null && servers.isEmpty()) {
            why = "nothing has been copied to the secondary yet.";
        }
        if (why != null) {
            audit.record("vault.restore-credentials.download", "vault:" + vaultId, AuditLog.Outcome.DENIED, why);
            throw new InvalidInputException("restoreCredentials", "No secondary-region credentials: " + why);
        }
        UUID target = repo.state(vaultId).orElseThrow().targetId();
        String secondaryName = stores.location(target).map(StorageLocation::name).orElse(target.toString());
        Map<UUID, String> names = new HashMap<>();
        servers.forEach(id -> fleet.server(id).ifPresent(s -> names.put(id, s.name())));
        Instant expires = credentials.restoreOnlyExpiry();
        List<RestoreSource> sources = servers.stream().map(id -> new RestoreSource(id,
                names.getOrDefault(id, id.toString()), stores.readGrantUntil(target, vaultId, id, expires).repository(),
                expires)).toList();
        return credentials.issueRestoreOnly(vaultId, requestBaseUrl, secondaryName, sources, expires);
    }

    private List<UUID> serversWithACopy(Vault vault) {
        return fleet.serversEverIn(vault.id()).stream().filter(id -> !repo.copied(vault.id(), id).isEmpty()).toList();
    }

    /** What stops any restore from the vault's secondary copy (null: nothing). */
    private String whyNoSecondary(Vault vault) {
        if (vault.redundancy() != StorageRedundancy.GEO_REDUNDANT) {
            return "the vault is " + vault.redundancy().label() + ": it keeps no secondary copy.";
        }
        ReplicationRepository.State state = repo.state(vault.id()).orElse(null);
        if (state == null || !state.crossRegionRestore()) {
            return "Cross Region Restore is off for this vault (Backup Configuration > Cross Region Restore).";
        }
        UUID target = stores.pairOf(vault.locationId()).orElse(null);
        if (target == null || !target.equals(state.targetId())) {
            return "the vault's location has no paired location with a copy yet.";
        }
        return null;
    }

    /**
     * Starts <em>Verify secondary copy</em> for every server of the vault, in the background: a job per server shows
     * what it found. Contributors of a geo-redundant vault whose secondary has been copied to.
     */
    @PreAuthorize("isAuthenticated()")
    public void verify(UUID vaultId) {
        Vault vault = vault(vaultId);
        access.require(Role.CONTRIBUTOR, vault.path(), "replication.verify");
        ReplicationStatus status = statusOf(vault);
        if (status.phase() != ReplicationStatus.Phase.UP_TO_DATE && status.phase() != ReplicationStatus.Phase.LAGGING) {
            throw new InvalidInputException("verify", "There is no secondary copy to verify: "
                    + status.phase().label().toLowerCase(Locale.ROOT) + ".");
        }
        verifier.verifyInBackground(vaultId, AuditLog.currentActor());
    }

    private InvalidInputException refused(Vault vault, String why) {
        audit.record("recovery.secondary-grant", "vault:" + vault.id(), AuditLog.Outcome.DENIED, why);
        return new InvalidInputException("secondary", "No restore from the secondary region: " + why);
    }

    private Vault vault(UUID vaultId) {
        return vaults.find(vaultId).orElseThrow(() -> new InvalidInputException("vault", "No such vault."));
    }

    ReplicationStatus statusOf(Vault vault) {
        ReplicationRepository.State state = repo.state(vault.id()).orElse(null);
        boolean crr = state != null && state.crossRegionRestore();
        if (vault.redundancy() != StorageRedundancy.GEO_REDUNDANT) {
            return new ReplicationStatus(vault.id(), ReplicationStatus.Phase.NOT_REPLICATED, null, 0, 0, 0, false,
                    null, null, null, null, crr);
        }
        Optional<StorageLocation> pair = stores.pairOf(vault.locationId()).flatMap(stores::location);
        if (pair.isEmpty()) {
            return new ReplicationStatus(vault.id(), ReplicationStatus.Phase.NO_PAIRED_LOCATION, null, 0, 0, 0, false,
                    null, null, null, null, crr);
        }
        if (state == null || state.lastScanAt() == null || !pair.get().id().equals(state.targetId())) {
            return new ReplicationStatus(vault.id(), ReplicationStatus.Phase.WAITING, pair.get().displayName(), 0, 0,
                    0, true, null, null, null, null, crr);
        }
        boolean behind = state.pendingBlobs() > 0 || state.lastError() != null;
        return new ReplicationStatus(vault.id(), behind ? ReplicationStatus.Phase.LAGGING
                : ReplicationStatus.Phase.UP_TO_DATE, pair.get().displayName(), state.pendingBlobs(),
                state.pendingBytes(), state.totalBlobs(), state.seeding(), state.lastCopiedAt(), state.lastScanAt(),
                state.laggingSince(), state.lastError(), crr);
    }
}
