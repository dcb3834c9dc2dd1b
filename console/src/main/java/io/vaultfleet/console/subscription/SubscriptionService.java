package io.vaultfleet.console.subscription;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Subscriptions and resource groups. Lists show only what the signed-in user holds a role at (or inside, for
 * subscriptions); changes are checked against the user's role at the scope.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class SubscriptionService {
    private final SubscriptionRepository repository;
    private final AccessControl access;
    private final AuditLog audit;

    SubscriptionService(SubscriptionRepository repository, AccessControl access, AuditLog audit) {
        this.repository = repository;
        this.access = access;
        this.audit = audit;
    }

    /** Subscriptions the user holds a role at, or at one of whose resource groups. */
    public List<Subscription> subscriptions() {
        var visibility = access.visibility();
        List<ResourceGroup> groups = repository.findResourceGroups();
        return repository.findAll().stream()
                .filter(s -> visibility.holdsAnythingWithin(s.path(), groups.stream()
                        .filter(g -> g.subscriptionId().equals(s.id())).map(ResourceGroup::path).toList()))
                .toList();
    }

    /** Resource groups the user holds at least {@code minimum} at (directly or above). */
    public List<ResourceGroup> resourceGroups(UUID subscriptionId, Role minimum) {
        var visibility = access.visibility();
        return repository.findResourceGroups().stream()
                .filter(g -> subscriptionId == null || g.subscriptionId().equals(subscriptionId))
                .filter(g -> visibility.roleAt(g.path()).map(r -> r.includes(minimum)).orElse(false))
                .toList();
    }

    public List<ResourceGroup> resourceGroups(UUID subscriptionId) {
        return resourceGroups(subscriptionId, Role.READER);
    }

    /** A subscription by id, without an access check: for services that check the resource inside it. */
    public Optional<Subscription> subscription(UUID id) {
        return repository.find(id);
    }

    /** A resource group by id, without an access check: for services that check the resource inside it. */
    public Optional<ResourceGroup> resourceGroup(UUID id) {
        return repository.findResourceGroup(id);
    }

    @Transactional
    public Subscription createSubscription(String name) {
        access.requireGlobally(Role.OWNER, "subscription.create");
        List<String> problems = ScopeNames.subscriptionProblems(name);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("name", String.join(" ", problems));
        }
        if (repository.subscriptionNameTaken(name)) {
            throw new InvalidInputException("name", "A subscription named '" + name.trim() + "' already exists.");
        }
        Subscription created = repository.insertSubscription(name.trim(), AuditLog.currentActor());
        audit.record("subscription.create", "subscription:" + created.id(), AuditLog.Outcome.SUCCESS, created.name());
        return created;
    }

    @Transactional
    public ResourceGroup createResourceGroup(UUID subscriptionId, String name) {
        if (subscriptionId == null) {
            throw new InvalidInputException("subscription", "Choose a subscription.");
        }
        Subscription subscription = repository.find(subscriptionId)
                .orElseThrow(() -> new InvalidInputException("subscription", "The subscription does not exist."));
        access.require(Role.CONTRIBUTOR, subscription.path(), "resource-group.create");
        List<String> problems = ScopeNames.resourceGroupProblems(name);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("resourceGroup", String.join(" ", problems));
        }
        if (repository.resourceGroupNameTaken(subscriptionId, name)) {
            throw new InvalidInputException("resourceGroup", "A resource group named '" + name
                    + "' already exists in subscription '" + subscription.name() + "'.");
        }
        ResourceGroup created = repository.insertResourceGroup(subscription, name, AuditLog.currentActor());
        audit.record("resource-group.create", "resource-group:" + created.id(), AuditLog.Outcome.SUCCESS,
                subscription.name() + "/" + created.name());
        return created;
    }
}
