package io.vaultfleet.console;

import java.util.List;
import java.util.function.Supplier;

import io.vaultfleet.console.identity.Role;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** Runs service calls as a named user, the way a signed-in request would (authorities from the global role). */
public final class AsUser {
    private AsUser() {
    }

    public static <T> T call(String username, Role globalRole, Supplier<T> action) {
        var previous = SecurityContextHolder.getContext().getAuthentication();
        List<SimpleGrantedAuthority> authorities = globalRole == null ? List.of()
                : globalRole.withIncluded().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        SecurityContextHolder.getContext().setAuthentication(
                new UsernamePasswordAuthenticationToken(username, null, authorities));
        try {
            return action.get();
        } finally {
            SecurityContextHolder.getContext().setAuthentication(previous);
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
