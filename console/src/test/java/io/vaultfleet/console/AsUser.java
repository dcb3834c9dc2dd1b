package io.vaultfleet.console;

import java.util.List;
import java.util.function.Supplier;

import io.vaultfleet.console.identity.Role;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Runs service calls as a named user, the way a signed-in request would (authorities from the global role).
 * Uses the application context's {@link SecurityContextHolderStrategy} (Vaadin installs its own, and a second
 * Spring context in the same JVM replaces the static one): tests call {@link #bind} before use.
 */
public final class AsUser {
    private static SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

    private AsUser() {
    }

    /** Binds to the strategy method security uses in the test's application context. */
    public static void bind(SecurityContextHolderStrategy contextStrategy) {
        strategy = contextStrategy;
    }

    public static <T> T call(String username, Role globalRole, Supplier<T> action) {
        var previous = strategy.getContext();
        var previousStatic = SecurityContextHolder.getContext();
        List<SimpleGrantedAuthority> authorities = globalRole == null ? List.of()
                : globalRole.withIncluded().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        var context = strategy.createEmptyContext();
        context.setAuthentication(new UsernamePasswordAuthenticationToken(username, null, authorities));
        strategy.setContext(context);
        SecurityContextHolder.setContext(context);
        try {
            return action.get();
        } finally {
            SecurityContextHolder.setContext(previousStatic);
            strategy.setContext(previous);
        }
    }

    public static void run(String username, Role globalRole, Runnable action) {
        call(username, globalRole, () -> {
            action.run();
            return null;
        });
    }

    public static <T> T admin(Supplier<T> action) {
        return call("admin", Role.OWNER, action);
    }
}
