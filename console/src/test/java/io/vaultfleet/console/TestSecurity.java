package io.vaultfleet.console;

import java.util.function.Supplier;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.identity.Role;

/**
 * Runs service calls as a signed-in user with a given role, as a view would. Takes the context's own
 * {@link SecurityContextHolderStrategy} bean: Vaadin installs one per application context, and with several test
 * contexts in one JVM the static {@code SecurityContextHolder} may point at another context's.
 */
public final class TestSecurity {
    private TestSecurity() {
    }

    public static <T> T runAs(SecurityContextHolderStrategy strategy, Role role, Supplier<T> action) {
        var authorities = role.withIncluded().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        var context = strategy.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "test-" + role.name().toLowerCase(java.util.Locale.ROOT), "n/a", authorities));
        strategy.setContext(context);
        try {
            return action.get();
        } finally {
            strategy.clearContext();
        }
    }
}
