package io.vaultfleet.console.vault;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.subscription.ResourceGroup;
import io.vaultfleet.console.subscription.ScopeNames;
import io.vaultfleet.console.subscription.Subscription;
import io.vaultfleet.console.subscription.SubscriptionService;
import io.vaultfleet.console.ui.ConsoleNotice;
import io.vaultfleet.protocol.vault.VaultName;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recovery Services vaults. Every method checks the signed-in user's role at the vault's scope path (vault, resource
 * group, subscription, console); everything a form sends is validated again here.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class VaultService {
    private final VaultRepository vaults;
    private final SubscriptionService subscriptions;
    private final StorageLocationService locations;
    private final AccessControl access;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    VaultService(VaultRepository vaults, SubscriptionService subscriptions, StorageLocationService locations,
                 AccessControl access, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.vaults = vaults;
        this.subscriptions = subscriptions;
        this.locations = locations;
        this.access = access;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** Vaults the user may read, filtered. */
    public List<Vault> list(VaultFilter filter) {
        var visibility = access.visibility();
        return vaults.findAll().stream()
                .filter(v -> visibility.roleAt(v.path()).isPresent())
                .filter(filter::matches)
                .toList();
    }

    /** One vault; refused (not "absent") when the user may not read it, so ids cannot be probed silently. */
    public Vault get(UUID id) {
        Vault vault = vaults.find(id).orElseThrow(() -> new InvalidInputException("vault", "No such vault."));
        access.require(Role.READER, vault.path(), "vault.read");
        return vault;
    }

    /** The signed-in user's role on a vault (for views deciding which actions to offer). */
    public Role roleOn(Vault vault) {
        return access.roleAt(vault.path()).orElse(null);
    }

    /** Why a user may not create a vault, in the words the Add button and the Create form show. */
    public static final String CREATE_NEEDS = "Creating a vault needs the Contributor role at a subscription or at "
            + "a resource group (or a console-wide Contributor role). Ask an Owner to grant it.";

    /**
     * Whether the signed-in user may create a vault somewhere: they hold Contributor at some subscription (where they
     * may also create the resource group) or resource group. Views use it to offer + Add and the form, or say why not.
     */
    public boolean mayCreateVault() {
        var reach = access.reach(Role.CONTRIBUTOR);
        return reach.everything() || !reach.subscriptions().isEmpty() || !reach.resourceGroups().isEmpty();
    }

    /** Every rule {@code name} breaks, including uniqueness in the subscription (case-insensitive). */
    public List<String> nameProblems(UUID subscriptionId, String name) {
        List<String> problems = new ArrayList<>(VaultName.problems(name));
        if (problems.isEmpty() && subscriptionId != null
                && vaults.nameTaken(subscriptionId, VaultName.of(name).key())) {
            String sub = subscriptions.subscription(subscriptionId).map(Subscription::name).orElse("?");
            problems.add("A vault named '" + name + "' already exists in subscription '" + sub
                    + "' (names are not case-sensitive).");
        }
        return problems;
    }

    /** Validates the Basics tab as Review + create does, without creating anything. */
    public Map<String, String> validate(CreateVaultRequest request) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (request.subscriptionId() == null || subscriptions.subscription(request.subscriptionId()).isEmpty()) {
            problems.put("subscription", "Choose a subscription.");
        }
        List<String> nameProblems = nameProblems(request.subscriptionId(), request.name());
        if (!nameProblems.isEmpty()) {
            problems.put("name", String.join(" ", nameProblems));
        }
        if (request.createsResourceGroup()) {
            var rgProblems = ScopeNames.resourceGroupProblems(request.newResourceGroupName());
            if (!rgProblems.isEmpty()) {
                problems.put("resourceGroup", String.join(" ", rgProblems));
            }
        } else if (request.resourceGroupId() == null) {
            problems.put("resourceGroup", "Choose a resource group or create a new one.");
        } else {
            var group = subscriptions.resourceGroup(request.resourceGroupId());
            if (group.isEmpty() || !group.get().subscriptionId().equals(request.subscriptionId())) {
                problems.put("resourceGroup", "The resource group is not in the chosen subscription.");
            } else if (!access.allows(Role.CONTRIBUTOR, group.get().path())) {
                problems.put("resourceGroup", "You need the Contributor role on this resource group to create a vault in it.");
            }
        }
        if (request.locationId() == null || locations.find(request.locationId()).isEmpty()) {
            problems.put("location", "Choose a location.");
        }
        return problems;
    }

    @Transactional
    public Vault create(CreateVaultRequest request) {
        Map<String, String> problems = validate(request);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        ResourceGroup group = request.createsResourceGroup()
                ? subscriptions.createResourceGroup(request.subscriptionId(), request.newResourceGroupName())
                : subscriptions.resourceGroup(request.resourceGroupId()).orElseThrow();
        access.require(Role.CONTRIBUTOR, group.path(), "vault.create");
        VaultName name = VaultName.of(request.name());
        UUID id = UUID.randomUUID();
        vaults.insert(id, name.value(), name.key(), group.subscriptionId(), group.id(), request.locationId(),
                AuditLog.currentActor());
        Vault vault = vaults.find(id).orElseThrow();
        audit.record("vault.create", "vault:" + id, AuditLog.Outcome.SUCCESS,
                vault.subscriptionName() + "/" + vault.resourceGroupName() + "/" + vault.name() + " in "
                        + vault.locationName());
        events.publishEvent(new ConsoleNotice(ConsoleNotice.Level.SUCCESS, "Deployment succeeded",
                "Recovery Services vault '" + vault.name() + "' was created in resource group '"
                        + vault.resourceGroupName() + "'.", clock.instant(), vault.id()));
        return vault;
    }

    public VaultOverview overview(UUID vaultId) {
        get(vaultId);
        return vaults.overview(vaultId);
    }

    /** Why the storage replication type cannot change now, or null when it can. */
    public String redundancyLockReason(UUID vaultId) {
        long items = vaults.protectedItemCount(vaultId);
        return items == 0 ? null : "Storage replication type can't be changed: " + items
                + (items == 1 ? " item is" : " items are")
                + " protected in this vault. Stop protection and delete the backup data of every item first.";
    }

    /** A warning when the vault is geo-redundant but its location names no paired location yet, else null. */
    public String geoReplicationWarning(Vault vault) {
        if (vault.redundancy() != StorageRedundancy.GEO_REDUNDANT) {
            return null;
        }
        var location = locations.find(vault.locationId());
        return location.isEmpty() || location.get().hasPair() ? null
                : "Location '" + location.get().displayName() + "' has no paired location yet: the second copy is made "
                        + "once an owner pairs it in Settings > Storage locations.";
    }

    @Transactional
    public Vault changeRedundancy(UUID vaultId, StorageRedundancy redundancy) {
        Vault vault = get(vaultId);
        access.require(Role.CONTRIBUTOR, vault.path(), "vault.redundancy");
        if (redundancy == null) {
            throw new InvalidInputException("redundancy", "Choose a storage replication type.");
        }
        if (redundancy == vault.redundancy()) {
            return vault;
        }
        String locked = redundancyLockReason(vaultId);
        if (locked != null) {
            audit.record("vault.redundancy", "vault:" + vaultId, AuditLog.Outcome.DENIED, locked);
            throw new InvalidInputException("redundancy", locked);
        }
        String notZoned = redundancy == StorageRedundancy.ZONE_REDUNDANT
                ? locations.zoneRedundancyProblem(vault.locationId()) : null;
        if (notZoned != null) {
            audit.record("vault.redundancy", "vault:" + vaultId, AuditLog.Outcome.DENIED, notZoned);
            throw new InvalidInputException("redundancy", notZoned);
        }
        vaults.setRedundancy(vaultId, redundancy);
        audit.record("vault.redundancy", "vault:" + vaultId, AuditLog.Outcome.SUCCESS,
                vault.redundancy() + " -> " + redundancy);
        return vaults.find(vaultId).orElseThrow();
    }

    /**
     * Disabling soft delete is critical: the first owner asks, a different owner confirms. Returns the vault, with
     * soft delete still on after the first step.
     */
    @Transactional
    public Vault disableSoftDelete(UUID vaultId) {
        Vault vault = get(vaultId);
        access.require(Role.OWNER, vault.path(), "vault.soft-delete.disable");
        String me = AuditLog.currentActor();
        if (!vault.softDeleteEnabled()) {
            return vault;
        }
        if (vault.softDeleteOffRequestedBy() == null) {
            vaults.requestSoftDeleteOff(vaultId, me);
            audit.record("vault.soft-delete.disable-requested", "vault:" + vaultId, AuditLog.Outcome.SUCCESS, null);
            return vaults.find(vaultId).orElseThrow();
        }
        if (vault.softDeleteOffRequestedBy().equalsIgnoreCase(me)) {
            audit.record("vault.soft-delete.disable", "vault:" + vaultId, AuditLog.Outcome.DENIED, "same owner");
            throw new InvalidInputException("softDelete", "You asked to disable soft delete: a different owner must confirm it.");
        }
        vaults.setSoftDelete(vaultId, false);
        audit.record("vault.soft-delete.disable", "vault:" + vaultId, AuditLog.Outcome.SUCCESS,
                "requested by " + vault.softDeleteOffRequestedBy() + ", confirmed by " + me);
        return vaults.find(vaultId).orElseThrow();
    }

    /** Turns soft delete (back) on, or withdraws a pending request to turn it off. */
    @Transactional
    public Vault enableSoftDelete(UUID vaultId) {
        Vault vault = get(vaultId);
        access.require(Role.CONTRIBUTOR, vault.path(), "vault.soft-delete.enable");
        vaults.setSoftDelete(vaultId, true);
        audit.record("vault.soft-delete.enable", "vault:" + vaultId, AuditLog.Outcome.SUCCESS, null);
        return vaults.find(vaultId).orElseThrow();
    }

    /** Getting Started &gt; Backup. Only supported workloads and items are accepted. */
    @Transactional
    public Vault setBackupGoal(UUID vaultId, BackupGoal goal) {
        Vault vault = get(vaultId);
        access.require(Role.CONTRIBUTOR, vault.path(), "vault.backup-goal");
        Map<String, String> problems = new LinkedHashMap<>();
        if (goal == null || goal.workload() == null) {
            problems.put("workload", "Choose where your workload is running.");
        } else if (!goal.workload().supported()) {
            problems.put("workload", goal.workload().unsupportedReason());
        }
        if (goal == null || goal.items().isEmpty()) {
            problems.put("items", "Choose what you want to back up.");
        } else {
            goal.items().stream().filter(i -> !i.supported()).findFirst()
                    .ifPresent(i -> problems.put("items", i.label() + " is not supported yet: " + i.unsupportedReason()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        vaults.setGoal(vaultId, goal);
        audit.record("vault.backup-goal", "vault:" + vaultId, AuditLog.Outcome.SUCCESS,
                goal.workload() + " " + goal.items());
        return vaults.find(vaultId).orElseThrow();
    }

    /**
     * Records that an item is protected in a vault. Called by the backup features when protection starts (and by
     * tests); not offered in any view.
     */
    @Transactional
    public void recordProtectedItem(UUID vaultId, UUID serverId, String kind, String name) {
        Vault vault = vaults.find(vaultId).orElseThrow(() -> new InvalidInputException("vault", "No such vault."));
        vaults.insertProtectedItem(vaultId, serverId, kind, name);
        audit.record("vault.item-protected", "vault:" + vault.id(), AuditLog.Outcome.SUCCESS, kind + " " + name);
    }
}
