package io.vaultfleet.console.identity;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.vaultfleet.console.ui.Badges;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import jakarta.annotation.security.RolesAllowed;
import io.vaultfleet.console.ui.DateTimes;
import org.springframework.security.access.AccessDeniedException;

/**
 * Settings > Users and roles. Console-wide readers may look; only owners add users, change roles and disable accounts.
 * A user's roles may be console-wide, at subscriptions, resource groups or vaults ({@link ScopedRolesDialog}), or
 * both; an owner may take a console-wide role away so the user holds only roles at scopes.
 */
@Route("settings/users")
@PageTitle("Users and roles")
@RolesAllowed("READER")
public class UsersView extends Div implements HasBreadcrumbs {
    private final UserAccountService accounts;
    private final AccessControl access;
    private final Grid<ConsoleUser> grid = new Grid<>();
    private final boolean owner;
    private Map<ScopePath.Scope, String> scopeNames = Map.of();

    public UsersView(UserAccountService accounts, AccessControl access, AuthenticationContext authentication) {
        this.accounts = accounts;
        this.access = access;
        this.owner = authentication.hasRole(Role.OWNER.name());
        addClassNames("view", "users-view");
        ViewHeader header = new ViewHeader("Users and roles",
                "Owners manage access; contributors manage resources; operators run backups and restores; readers look.");
        if (owner) {
            Button add = new Button("Add user", e -> openAddDialog());
            add.setId("add-user-button");
            add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            header.withActions(add);
        }
        add(header);

        grid.setId("users-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(ConsoleUser::username).setHeader("User name").setAutoWidth(true);
        grid.addColumn(ConsoleUser::displayName).setHeader("Display name").setAutoWidth(true);
        grid.addColumn(u -> u.globalRole() == null ? "—" : u.globalRole().label()).setHeader("Console-wide role")
                .setAutoWidth(true);
        grid.addColumn(this::scopedRoles).setHeader("Roles at scopes").setFlexGrow(1);
        grid.addComponentColumn(u -> u.enabled() ? Badges.of("Enabled", Badges.Tone.SUCCESS)
                : Badges.of("Disabled", Badges.Tone.NEUTRAL)).setHeader("Status").setAutoWidth(true);
        grid.addColumn(u -> DateTimes.date(u.createdAt())).setHeader("Created").setAutoWidth(true);
        if (owner) {
            grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true);
        }
        add(grid);
        refresh();
    }

    private Div actions(ConsoleUser user) {
        ComboBox<Role> role = new ComboBox<>();
        role.setItems(Role.values());
        role.setItemLabelGenerator(Role::label);
        role.setValue(user.globalRole());
        role.setWidth("11rem");
        role.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                run(() -> accounts.setRole(user.id(), e.getValue()), "Role of " + user.username() + " changed.");
            }
        });
        Button toggle = new Button(user.enabled() ? "Disable" : "Enable",
                e -> run(() -> accounts.setEnabled(user.id(), !user.enabled()),
                        user.username() + (user.enabled() ? " disabled." : " enabled.")));
        toggle.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        Button scoped = new Button("Roles at scopes", e -> new ScopedRolesDialog(access, user, this::refresh).open());
        scoped.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        scoped.addClassName("user-scoped-roles");
        Div div = new Div(role, scoped, toggle);
        if (user.globalRole() != null) {
            Button noGlobal = new Button("Remove console-wide role", e -> run(() -> access.removeGlobalRole(user.username()),
                    user.username() + " now has only the roles granted at scopes."));
            noGlobal.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            noGlobal.addClassName("user-remove-global-role");
            if (user.globalRole() == Role.OWNER) {
                noGlobal.setEnabled(false);
                noGlobal.setTooltipText("Change an owner's role to another one first.");
            }
            div.add(noGlobal);
        }
        div.addClassName("row-actions");
        return div;
    }

    private void openAddDialog() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Add user");
        TextField username = new TextField("User name");
        username.setId("new-user-name");
        TextField displayName = new TextField("Display name");
        PasswordField password = new PasswordField("Initial password");
        password.setId("new-user-password");
        password.setHelperText("At least " + Credentials.MIN_PASSWORD_LENGTH + " characters.");
        ComboBox<Role> role = new ComboBox<>("Role");
        role.setItems(Role.values());
        role.setItemLabelGenerator(r -> r.label() + " — " + r.description());
        role.setValue(Role.READER);
        role.setId("new-user-role");
        Checkbox scopedOnly = new Checkbox(
                "No console-wide role (grant roles at subscriptions, resource groups or vaults next)");
        scopedOnly.setId("new-user-scoped-only");
        scopedOnly.addValueChangeListener(e -> role.setEnabled(!e.getValue()));
        dialog.add(new FormLayout(username, displayName, password, role, scopedOnly));
        Button create = new Button("Add", e -> {
            username.setInvalid(false);
            password.setInvalid(false);
            role.setInvalid(false);
            try {
                accounts.createUser(username.getValue(), displayName.getValue(), password.getValue(),
                        scopedOnly.getValue() ? Role.READER : role.getValue());
                if (scopedOnly.getValue()) {
                    access.removeGlobalRole(username.getValue());
                }
                dialog.close();
                notify("User " + username.getValue().trim() + " added.", NotificationVariant.LUMO_SUCCESS);
                refresh();
            } catch (UserAccountService.AccountException ex) {
                // each problem at the field it concerns: a short password is told at the password
                ex.problems().forEach((field, message) -> {
                    HasValidation at = switch (field) {
                        case PASSWORD, CURRENT_PASSWORD -> password;
                        case ROLE -> role;
                        case USER_NAME, NONE -> username;
                    };
                    at.setErrorMessage(message);
                    at.setInvalid(true);
                });
            }
        });
        create.setId("create-user-button");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), create);
        dialog.open();
    }

    private void run(Runnable action, String success) {
        try {
            action.run();
            notify(success, NotificationVariant.LUMO_SUCCESS);
        } catch (UserAccountService.AccountException | IllegalArgumentException
                 | AccessDeniedException ex) {
            notify(ex.getMessage(), NotificationVariant.LUMO_ERROR);
        }
        refresh();
    }

    private static void notify(String text, NotificationVariant variant) {
        Notification.show(text, 5000, Notification.Position.TOP_CENTER).addThemeVariants(variant);
    }

    private void refresh() {
        scopeNames = access.allScopes().stream().collect(Collectors.toMap(c -> c.path().target(),
                ScopeChoice::label, (a, b) -> a));
        grid.setItems(accounts.listUsers());
    }

    /** E.g. "Reader at Vault Prod / rg-web / web-vault": what the user holds below the console level. */
    private String scopedRoles(ConsoleUser user) {
        var held = access.scopedAssignmentsOf(user.username());
        if (held.isEmpty()) {
            return "—";
        }
        return String.join("; ", held.stream().map(a -> a.role().label() + " at "
                + scopeNames.getOrDefault(new ScopePath.Scope(a.scopeKind(), a.scopeId()), a.scopeKind().label())).toList());
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(new Crumb("Settings", "settings"), Crumb.here("Users and roles"));
    }
}
