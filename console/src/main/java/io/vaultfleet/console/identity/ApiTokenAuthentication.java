package io.vaultfleet.console.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A REST API request made with an access token. Its name is the token's user, so feature services see that user;
 * {@link AccessControl} then narrows what the user holds to the token's role and vault ({@link #limit}), and the
 * audit log names the token ({@link #actor()}).
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {
    private final String username;
    private final AccessToken token;

    ApiTokenAuthentication(String username, AccessToken token, Role globalRole) {
        super(authorities(globalRole, token.role()));
        this.username = username;
        this.token = token;
        setAuthenticated(true);
    }

    /** The user's console-wide role (if any) capped at the token's, with the roles it includes. */
    private static List<SimpleGrantedAuthority> authorities(Role globalRole, Role tokenRole) {
        if (globalRole == null) {
            return List.of();
        }
        Role capped = globalRole.includes(tokenRole) ? tokenRole : globalRole;
        return capped.withIncluded().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
    }

    public AccessToken token() {
        return token;
    }

    /** How the audit log names whoever acts with this token: the user and the token's name. */
    public String actor() {
        return username + " (token '" + token.name() + "')";
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return username;
    }

    @Override
    public String getName() {
        return username;
    }

    /**
     * What the user holds, narrowed to this token: every role capped at the token's; a token for one vault keeps only
     * the user's role at that vault (as an assignment there), so nothing console-wide and no other vault is reached.
     */
    List<RoleAssignment> limit(List<RoleAssignment> held, Function<UUID, Optional<ScopePath>> vaultPath) {
        if (token.vaultId() != null) {
            var path = vaultPath.apply(token.vaultId());
            if (path.isEmpty()) {
                return List.of();
            }
            return new AccessControl.Visibility(username, held).roleAt(path.get())
                    .map(r -> List.of(new RoleAssignment(null, null, username, cap(r), ScopeKind.VAULT,
                            token.vaultId(), null)))
                    .orElse(List.of());
        }
        List<RoleAssignment> limited = new ArrayList<>(held.size());
        for (RoleAssignment a : held) {
            limited.add(new RoleAssignment(a.id(), a.userId(), a.username(), cap(a.role()), a.scopeKind(), a.scopeId(),
                    a.createdAt()));
        }
        return limited;
    }

    private Role cap(Role role) {
        return role.includes(token.role()) ? token.role() : role;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiTokenAuthentication other && other.token.id().equals(token.id()) && super.equals(o);
    }

    @Override
    public int hashCode() {
        return token.id().hashCode();
    }
}
