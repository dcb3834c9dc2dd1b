package io.vaultfleet.console;

import java.util.function.Supplier;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.identity.Role;

/**
 * Runs service calls as a signed-in user, as a view would. Vaadin installs its own
 * {@link SecurityContextHolderStrategy} per application context, and with several test contexts in one JVM the static
 * {@code SecurityContextHolder} may point at another context's; so the authentication is set on both the context's
 * strategy bean (method security reads it) and the static holder (services that ask who is signed in read it).
 */
public final class TestSecurity {
    private TestSecurity() {
    }

    /** As {@code admin} for {@link Role#OWNER} (the first user, owner at console scope), else as a nameless user. */
    public static <T> T runAs(SecurityContextHolderStrategy strategy, Role role, Supplier<T> action) {
        return runAs(strategy, role == Role.OWNER ? "admin" : "test-" + role.name().toLowerCase(java.util.Locale.ROOT),
                role, action);
    }

    /**
     * As {@code username} holding {@code role} at console scope (and every role it includes), or no role when
     * {@code role} is null; the contexts in place before are restored afterwards.
     */
    public static <T> T runAs(SecurityContextHolderStrategy strategy, String username, Role role, Supplier<T> action) {
        var authorities = role == null ? java.util.List.<SimpleGrantedAuthority>of()
                : role.withIncluded().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        var authentication = UsernamePasswordAuthenticationToken.authenticated(username, "n/a", authorities);
        var previous = strategy.getContext();
        var previousStatic = SecurityContextHolder.getContext();
        var context = strategy.createEmptyContext();
        context.setAuthentication(authentication);
        strategy.setContext(context);
        var staticContext = SecurityContextHolder.createEmptyContext();
        staticContext.setAuthentication(authentication);
        SecurityContextHolder.setContext(staticContext);
        try {
            return action.get();
        } finally {
            strategy.setContext(previous);
            SecurityContextHolder.setContext(previousStatic);
        }
    }
}
