package io.vaultfleet.console.identity;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
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

/** Settings > Users and roles. Everyone may look; only owners add users, change roles and disable accounts. */
@Route("settings/users")
@PageTitle("Users and roles")
@RolesAllowed("READER")
public class UsersView extends Div implements HasBreadcrumbs {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.systemDefault());
    private final UserAccountService accounts;
    private final Grid<ConsoleUser> grid = new Grid<>();
    private final boolean owner;

    public UsersView(UserAccountService accounts, AuthenticationContext authentication) {
        this.accounts = accounts;
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
        grid.addColumn(u -> u.globalRole() == null ? "—" : u.globalRole().label()).setHeader("Role").setAutoWidth(true);
        grid.addComponentColumn(u -> u.enabled() ? Badges.of("Enabled", Badges.Tone.SUCCESS)
                : Badges.of("Disabled", Badges.Tone.NEUTRAL)).setHeader("Status").setAutoWidth(true);
        grid.addColumn(u -> WHEN.format(u.createdAt())).setHeader("Created").setAutoWidth(true);
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
        Div div = new Div(role, toggle);
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
        dialog.add(new FormLayout(username, displayName, password, role));
        Button create = new Button("Add", e -> {
            try {
                accounts.createUser(username.getValue(), displayName.getValue(), password.getValue(), role.getValue());
                dialog.close();
                notify("User " + username.getValue().trim() + " added.", NotificationVariant.LUMO_SUCCESS);
                refresh();
            } catch (UserAccountService.AccountException ex) {
                username.setErrorMessage(ex.getMessage());
                username.setInvalid(true);
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
        } catch (UserAccountService.AccountException ex) {
            notify(ex.getMessage(), NotificationVariant.LUMO_ERROR);
        }
        refresh();
    }

    private static void notify(String text, NotificationVariant variant) {
        Notification.show(text, 5000, Notification.Position.TOP_CENTER).addThemeVariants(variant);
    }

    private void refresh() {
        grid.setItems(accounts.listUsers());
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(new Crumb("Settings", "settings"), Crumb.here("Users and roles"));
    }
}
