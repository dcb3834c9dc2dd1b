package io.vaultfleet.console.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.vaultfleet.console.identity.ScopePath.Scope;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scoped authorisation. A user's role on a resource is the highest role they hold at the console (GLOBAL) or at any
 * scope on the resource's path (its subscription, resource group, vault). Feature services call {@link #require}
 * before they read or change a scoped resource, and {@link #visibility()} to filter lists.
 */
@Service
public class AccessControl {
    private final RoleAssignmentRepository assignments;
    private final UserRepository users;
    private final AuditLog audit;
    private final AccessChanges changes;
    private final ScopeCatalog scopes;
    private final VaultPlaces vaults;

    AccessControl(RoleAssignmentRepository assignments, UserRepository users, AuditLog audit, AccessChanges changes,
                  ScopeCatalog scopes, VaultPlaces vaults) {
        this.scopes = scopes;
        this.vaults = vaults;
        this.assignments = assignments;
        this.users = users;
        this.audit = audit;
        this.changes = changes;
    }

    /**
     * What the signed-in user holds, ready to answer many questions without more queries. Scoped roles are read from
     * the database, so a grant or revoke counts at once. The console-wide role is the one the user signed in with
     * (their session's authorities), lowered to what the database holds now: a console-wide role taken away or
     * lowered counts at once, one given counts from the next sign-in. A principal that is no console user (one
     * made by code, not by signing in: there is no way to delete a user) holds its session's role console-wide.
     */
    public Visibility visibility() {
        String user = AuditLog.currentActor();
        if ("system".equals(user)) {
            return new Visibility(user, List.of());
        }
        Optional<Role> signedInAs = sessionRole(SecurityContextHolder.getContext().getAuthentication());
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (users.findByUsername(user).isEmpty()) {
            return new Visibility(user, signedInAs.map(r -> List.of(new RoleAssignment(null, null, user, r,
                    ScopeKind.GLOBAL, null, null))).orElse(List.of()));
        }
        List<RoleAssignment> held = new ArrayList<>();
        for (RoleAssignment a : assignments.forUser(user)) {
            if (a.scopeKind() != ScopeKind.GLOBAL) {
                held.add(a);
            } else if (signedInAs.isPresent()) {
                Role capped = a.role().compareTo(signedInAs.get()) <= 0 ? a.role() : signedInAs.get();
                held.add(new RoleAssignment(a.id(), a.userId(), a.username(), capped, a.scopeKind(), a.scopeId(),
                        a.createdAt()));
            }
        }
        if (authentication instanceof ApiTokenAuthentication token) {
            // an API request holds what its token allows of what the user holds now
            return new Visibility(user, token.limit(held, this::vaultPath));
        }
        return new Visibility(user, held);
    }

    /** The highest console role among the authentication's authorities (set from the global role at sign-in). */
    private static Optional<Role> sessionRole(Authentication authentication) {
        if (authentication == null) {
            return Optional.empty();
        }
        Set<String> authorities = new HashSet<>();
        authentication.getAuthorities().forEach(a -> authorities.add(a.getAuthority()));
        return Arrays.stream(Role.values()).filter(r -> authorities.contains(r.authority()))
                .max(Comparator.naturalOrder());
    }

    /** What {@code username} holds (for work done on a user's behalf outside their request, e.g. live events). */
    Visibility visibilityOf(String username) {
        return new Visibility(username, assignments.forUser(username));
    }

    /** The vaults where the signed-in user holds at least {@code required}, for filtering lists in queries. */
    public VaultReach reach(Role required) {
        return visibility().reach(required);
    }

    /**
     * Where a vault sits, or empty when there is no such vault. For features that hold a vault id (servers, jobs,
     * alerts) and must check a role on it.
     */
    public Optional<ScopePath> vaultPath(UUID vaultId) {
        return vaultId == null ? Optional.empty() : vaults.placeOf(vaultId);
    }

    /**
     * Whether the signed-in user holds {@code required} at the vault (or above it). Something with no vault (a
     * server admitted without registering) is console-wide: only a console-wide role reaches it.
     */
    public boolean allowsAtVault(Role required, UUID vaultId) {
        var path = vaultPath(vaultId);
        return path.isPresent() ? allows(required, path.get()) : allowsGlobally(required);
    }

    /** Like {@link #require}, for something that belongs to the vault {@code vaultId} (or to none: console-wide). */
    public void requireAtVault(Role required, UUID vaultId, String action) {
        var path = vaultPath(vaultId);
        if (path.isPresent()) {
            require(required, path.get(), action);
        } else {
            requireGlobally(required, action);
        }
    }

    /** The signed-in user's role on a resource at {@code path}, if any. */
    public Optional<Role> roleAt(ScopePath path) {
        return visibility().roleAt(path);
    }

    public boolean allows(Role required, ScopePath path) {
        return roleAt(path).map(r -> r.includes(required)).orElse(false);
    }

    /** Whether the signed-in user holds {@code required} at the console level. */
    public boolean allowsGlobally(Role required) {
        return visibility().globalRole().map(r -> r.includes(required)).orElse(false);
    }

    /** Throws {@link AccessDeniedException} (and audits the refusal) unless the user holds {@code required} at {@code path}. */
    public void require(Role required, ScopePath path, String action) {
        if (!allows(required, path)) {
            deny(required, action, path.target());
        }
    }

    public void requireGlobally(Role required, String action) {
        if (!allowsGlobally(required)) {
            deny(required, action, Scope.GLOBAL);
        }
    }

    private void deny(Role required, String action, Scope scope) {
        audit.record(action, scope.kind().name().toLowerCase() + (scope.id() == null ? "" : ":" + scope.id()),
                AuditLog.Outcome.DENIED, "needs " + required.label());
        throw new AccessDeniedException("You need the " + required.label() + " role at this "
                + scope.kind().label().toLowerCase() + " (or above) to do this.");
    }

    /** The assignments made directly at the scope {@code path} names. Readers of the scope may list them. */
    public List<RoleAssignment> assignmentsAt(ScopePath path) {
        require(Role.READER, path, "access.list");
        Scope target = path.target();
        return assignments.atScope(target.kind(), target.id());
    }

    /** Grants {@code role} to {@code username} at the scope {@code path} names; needs Owner there. */
    @Transactional
    public RoleAssignment grant(String username, Role role, ScopePath path) {
        require(Role.OWNER, path, "access.grant");
        if (role == null) {
            throw new IllegalArgumentException("Choose a role.");
        }
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("Enter the user name of an existing user.");
        }
        var user = users.findByUsername(username.trim())
                .orElseThrow(() -> new IllegalArgumentException("There is no user named '" + username.trim() + "'."))
                .user();
        Scope target = path.target();
        boolean exists = assignments.atScope(target.kind(), target.id()).stream()
                .anyMatch(a -> a.userId().equals(user.id()) && a.role() == role);
        if (exists) {
            throw new IllegalArgumentException(user.username() + " already has the " + role.label()
                    + " role here.");
        }
        RoleAssignment created = assignments.insert(user.id(), user.username(), role, target.kind(), target.id());
        changes.changed();
        audit.record("access.grant", target.kind().name().toLowerCase() + ":" + target.id(), AuditLog.Outcome.SUCCESS,
                user.username() + " " + role.name());
        return created;
    }

    /** Removes an assignment made at the scope {@code path} names; needs Owner there. */
    @Transactional
    public void revoke(UUID assignmentId, ScopePath path) {
        require(Role.OWNER, path, "access.revoke");
        RoleAssignment a = assignments.find(assignmentId)
                .filter(x -> x.scopeKind() == path.target().kind() && path.target().id().equals(x.scopeId()))
                .orElseThrow(() -> new IllegalArgumentException("No such role assignment at this scope."));
        assignments.delete(a.id());
        changes.changed();
        audit.record("access.revoke", a.scopeKind().name().toLowerCase() + ":" + a.scopeId(), AuditLog.Outcome.SUCCESS,
                a.username() + " " + a.role().name());
    }

    /**
     * Removes a user's console-wide role, leaving only their scoped assignments (e.g. a reader of one resource
     * group). Needs the console Owner role; an owner's role is changed in Users and roles first.
     */
    @Transactional
    public void removeGlobalRole(String username) {
        requireGlobally(Role.OWNER, "access.revoke");
        var user = users.findByUsername(username == null ? "" : username.trim())
                .orElseThrow(() -> new IllegalArgumentException("There is no user named '" + username + "'."))
                .user();
        if (user.globalRole() == Role.OWNER) {
            throw new IllegalArgumentException("Change an owner's role in Users and roles first.");
        }
        assignments.forUser(user.username()).stream().filter(a -> a.scopeKind() == ScopeKind.GLOBAL)
                .forEach(a -> assignments.delete(a.id()));
        changes.changed();
        audit.record("access.revoke", "global", AuditLog.Outcome.SUCCESS, user.username() + " console-wide role");
    }

    /** The subscriptions, resource groups and vaults where the signed-in user may grant roles (Owner there). */
    public List<ScopeChoice> grantableScopes() {
        Visibility visibility = visibility();
        return scopes.all().stream()
                .filter(c -> visibility.roleAt(c.path()).map(r -> r.includes(Role.OWNER)).orElse(false)).toList();
    }

    /** Every scope by name, for showing where assignments were made. Console-wide readers only. */
    public List<ScopeChoice> allScopes() {
        requireGlobally(Role.READER, "access.list");
        return scopes.all();
    }

    /** A user's roles at subscriptions, resource groups and vaults (not the console-wide one). Console-wide readers only. */
    public List<RoleAssignment> scopedAssignmentsOf(String username) {
        requireGlobally(Role.READER, "access.list");
        return assignments.forUser(username).stream().filter(a -> a.scopeKind() != ScopeKind.GLOBAL).toList();
    }

    /** A user's assignments, and the questions list views ask of them. */
    public record Visibility(String username, List<RoleAssignment> assignments) {
        public Optional<Role> globalRole() {
            return assignments.stream().filter(a -> a.scopeKind() == ScopeKind.GLOBAL).map(RoleAssignment::role)
                    .max(Comparator.naturalOrder());
        }

        /** The highest role held at the console or at any scope on {@code path}. */
        public Optional<Role> roleAt(ScopePath path) {
            List<Scope> onPath = path.scopes();
            return assignments.stream()
                    .filter(a -> a.scopeKind() == ScopeKind.GLOBAL || onPath.contains(new Scope(a.scopeKind(), a.scopeId())))
                    .map(RoleAssignment::role).max(Comparator.naturalOrder());
        }

        /** The vaults where these assignments give at least {@code required}. */
        public VaultReach reach(Role required) {
            if (globalRole().map(r -> r.includes(required)).orElse(false)) {
                return VaultReach.ALL;
            }
            Set<UUID> subscriptions = new HashSet<>();
            Set<UUID> groups = new HashSet<>();
            Set<UUID> vaults = new HashSet<>();
            for (RoleAssignment a : assignments) {
                if (!a.role().includes(required)) {
                    continue;
                }
                switch (a.scopeKind()) {
                    case SUBSCRIPTION -> subscriptions.add(a.scopeId());
                    case RESOURCE_GROUP -> groups.add(a.scopeId());
                    case VAULT -> vaults.add(a.scopeId());
                    case GLOBAL -> { }
                }
            }
            return new VaultReach(false, subscriptions, groups, vaults);
        }

        /** Whether the user holds anything at {@code path} or at a scope inside it. */
        public boolean holdsAnythingWithin(ScopePath path, List<ScopePath> children) {
            return roleAt(path).isPresent() || children.stream().anyMatch(c -> roleAt(c).isPresent());
        }
    }
}
