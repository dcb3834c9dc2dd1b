package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.vault.Vault;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Settings › Users, browserless, as the console owner: a user's roles at a vault are granted from the user's row,
 * shown in the list, and their console-wide role can be taken away so only the scoped role remains.
 */
@ConsoleTest
class UsersViewScopedRolesTest extends SpringBrowserlessTest {
    @Autowired UserAccountService users;
    @Autowired AccessControl access;
    @Autowired TestVaults testVaults;
    @Autowired SecurityContextHolderStrategy security;

    @Test
    @WithMockUser(username = "admin", authorities = {"ROLE_OWNER", "ROLE_CONTRIBUTOR", "ROLE_OPERATOR", "ROLE_READER"})
    void anOwnerGivesAUserARoleAtAVaultAndTakesTheirConsoleWideRoleAway() {
        Vault vault = testVaults.create("users-view");
        String name = "scoped-" + UUID.randomUUID().toString().substring(0, 8);
        ConsoleUser user = admin(() -> users.createUser(name, name, "Users-view-password-1", Role.READER));

        navigate(UsersView.class);
        new ScopedRolesDialog(access, user, () -> { }).open();
        String label = access.grantableScopes().stream().filter(c -> vault.id().equals(c.path().vaultId()))
                .findFirst().orElseThrow().label();
        test($(ComboBox.class).id("scoped-role-scope")).selectItem(label);
        test($(ComboBox.class).id("scoped-role-role")).selectItem(Role.OPERATOR.label());
        test($(Button.class).id("scoped-role-add")).click();

        assertThat(admin(() -> access.scopedAssignmentsOf(name))).singleElement().satisfies(a -> {
            assertThat(a.role()).isEqualTo(Role.OPERATOR);
            assertThat(a.scopeId()).isEqualTo(vault.id());
        });
        @SuppressWarnings("unchecked")
        Grid<RoleAssignment> assignments = $(Grid.class).id("scoped-roles-grid");
        assertThat(test(assignments).size()).isEqualTo(1);
        assertThat(test(assignments).getCellText(0, 1)).isEqualTo(label);

        navigate(UsersView.class);
        @SuppressWarnings("unchecked")
        Grid<ConsoleUser> grid = $(Grid.class).id("users-grid");
        int row = rowOf(grid, name);
        assertThat(test(grid).getCellText(row, 3)).isEqualTo("Backup operator at " + label);
        Button removeGlobal = find(test(grid).getCellComponent(row, 6), "user-remove-global-role");
        test(removeGlobal).click();

        ConsoleUser after = admin(users::listUsers).stream().filter(u -> u.username().equals(name)).findFirst().orElseThrow();
        assertThat(after.globalRole()).as("no console-wide role any more").isNull();
        assertThat(admin(() -> access.scopedAssignmentsOf(name))).hasSize(1);
    }

    private int rowOf(Grid<ConsoleUser> grid, String name) {
        for (int i = 0; i < test(grid).size(); i++) {
            if (test(grid).getRow(i).username().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name + " is not listed");
    }

    private static Button find(Component in, String className) {
        if (in instanceof Button b && b.hasClassName(className)) {
            return b;
        }
        return in.getChildren().map(c -> {
            try {
                return find(c, className);
            } catch (AssertionError none) {
                return null;
            }
        }).filter(java.util.Objects::nonNull).findFirst()
                .orElseThrow(() -> new AssertionError("no button ." + className));
    }

    private <T> T admin(java.util.function.Supplier<T> action) {
        return TestSecurity.runAs(security, "admin", Role.OWNER, action);
    }
}
