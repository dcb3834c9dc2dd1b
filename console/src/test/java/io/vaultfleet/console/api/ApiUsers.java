package io.vaultfleet.console.api;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AccessTokenService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.identity.ScopePath;
import io.vaultfleet.console.identity.UserAccountService;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;

/** Users with a console-wide or a scoped role, and access tokens they make for themselves, through the services. */
@Component
class ApiUsers {
    static final String PASSWORD = "Api-test-user-password-1";
    private final UserAccountService accounts;
    private final AccessControl access;
    private final AccessTokenService tokens;
    private final SecurityContextHolderStrategy security;
    private final Clock clock;

    ApiUsers(UserAccountService accounts, AccessControl access, AccessTokenService tokens,
             SecurityContextHolderStrategy security, Clock clock) {
        this.accounts = accounts;
        this.access = access;
        this.tokens = tokens;
        this.security = security;
        this.clock = clock;
    }

    /** A new user holding {@code role} console-wide. */
    String global(String prefix, Role role) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        TestSecurity.runAs(security, Role.OWNER, () -> accounts.createUser(name, name, PASSWORD, role));
        return name;
    }

    /** A new user holding {@code role} at {@code path} only (no console-wide role). */
    String scoped(String prefix, Role role, ScopePath path) {
        String name = global(prefix, Role.READER);
        TestSecurity.runAs(security, Role.OWNER, () -> {
            access.removeGlobalRole(name);
            return access.grant(name, role, path);
        });
        return name;
    }

    /** A token of {@code user} (signed in with {@code sessionRole}, null for a scoped-only user). */
    String token(String user, Role sessionRole, Role tokenRole, UUID vaultId) {
        return TestSecurity.runAs(security, user, sessionRole, () -> tokens.create("token-" + UUID.randomUUID()
                .toString().substring(0, 6), tokenRole, vaultId, today().plusDays(30))).secret();
    }

    /** A token with the user's own role, console-wide. */
    String token(String user, Role role) {
        return token(user, role, role, null);
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
