package io.vaultfleet.console;

import java.util.function.Supplier;

import io.vaultfleet.console.identity.Role;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Runs service calls as a named user, the way a signed-in request would (authorities from the global role): the
 * portal tests' short form of {@link TestSecurity#runAs}, bound once to the test context's strategy.
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
        return TestSecurity.runAs(strategy, username, globalRole, action);
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
