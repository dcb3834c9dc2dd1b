package io.vaultfleet.console.identity;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.vaultfleet.console.identity.ScopePath.Scope;
import org.springframework.security.access.AccessDeniedException;
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

    AccessControl(RoleAssignmentRepository assignments, UserRepository users, AuditLog audit) {
        this.assignments = assignments;
        this.users = users;
        this.audit = audit;
    }

    /** What the signed-in user holds, ready to answer many questions without more queries. */
    public Visibility visibility() {
        String user = AuditLog.currentActor();
        return new Visibility(user, "system".equals(user) ? List.of() : assignments.forUser(user));
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
        audit.record("access.revoke", "global", AuditLog.Outcome.SUCCESS, user.username() + " console-wide role");
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

        /** Whether the user holds anything at {@code path} or at a scope inside it. */
        public boolean holdsAnythingWithin(ScopePath path, List<ScopePath> children) {
            return roleAt(path).isPresent() || children.stream().anyMatch(c -> roleAt(c).isPresent());
        }
    }
}
