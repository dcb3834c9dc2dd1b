package io.vaultfleet.console;

import java.util.function.Supplier;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import io.vaultfleet.console.identity.Role;

/** Runs service calls as a signed-in user with a given role, as a view would. */
public final class TestSecurity {
    private TestSecurity() {
    }

    public static <T> T runAs(Role role, Supplier<T> action) {
        var authorities = role.withIncluded().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "test-" + role.name().toLowerCase(java.util.Locale.ROOT), "n/a", authorities));
        try {
            return action.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
