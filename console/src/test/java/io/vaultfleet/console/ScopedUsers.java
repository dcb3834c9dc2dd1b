package io.vaultfleet.console;

import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.identity.ScopePath;
import io.vaultfleet.console.identity.UserAccountService;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;

/**
 * Users who hold one role at one scope only (a vault, resource group or subscription), as an owner grants them in
 * Access control (IAM); their session carries no console role, so a browserless test signs them in with
 * {@code @WithMockUser(username = …, authorities = "SCOPED")}.
 */
@Component
public class ScopedUsers {
    public static final String PASSWORD = "Scoped-user-password-1";
    private final UserAccountService users;
    private final AccessControl access;
    private final SecurityContextHolderStrategy security;

    ScopedUsers(UserAccountService users, AccessControl access, SecurityContextHolderStrategy security) {
        this.users = users;
        this.access = access;
        this.security = security;
    }

    /** Creates {@code username} (if new) holding {@code role} at {@code scope} and nothing console-wide. */
    public void grant(String username, Role role, ScopePath scope) {
        TestSecurity.runAs(security, "admin", Role.OWNER, () -> {
            if (users.listUsers().stream().noneMatch(u -> u.username().equalsIgnoreCase(username))) {
                users.createUser(username, username, PASSWORD, Role.READER);
                access.removeGlobalRole(username);
            }
            access.grant(username, role, scope);
            return null;
        });
    }
}
