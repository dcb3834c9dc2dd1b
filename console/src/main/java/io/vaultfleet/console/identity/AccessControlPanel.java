package io.vaultfleet.console.identity;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.TextField;
import org.springframework.security.access.AccessDeniedException;

/**
 * "Access control (IAM)" for one scope: the role assignments made there, and for owners a form to add or remove
 * them. Used by the subscription, resource group and vault pages.
 */
public class AccessControlPanel extends Div {
    private final AccessControl access;
    private final ScopePath path;
    private final Grid<RoleAssignment> grid = new Grid<>();

    public AccessControlPanel(AccessControl access, ScopePath path, String scopeName) {
        this.access = access;
        this.path = path;
        addClassName("access-panel");
        ScopeKind kind = path.target().kind();
        add(new H3("Access control (IAM)"), new Paragraph("Roles granted at " + kind.label().toLowerCase() + " '"
                + scopeName + "' apply to everything inside it. Roles granted above (console, subscription"
                + (kind == ScopeKind.VAULT ? ", resource group" : "") + ") apply here too."));
        boolean owner = access.allows(Role.OWNER, path);
        if (owner) {
            TextField user = new TextField("User name");
            user.setId("access-user");
            ComboBox<Role> role = new ComboBox<>("Role");
            role.setId("access-role");
            role.setItems(Role.values());
            role.setItemLabelGenerator(Role::label);
            Button add = new Button("Add role assignment", e -> {
                try {
                    access.grant(user.getValue(), role.getValue(), path);
                    user.clear();
                    user.setInvalid(false);
                    refresh();
                    Notification.show("Role assigned.", 3000, Notification.Position.BOTTOM_END)
                            .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                } catch (IllegalArgumentException | AccessDeniedException ex) {
                    user.setErrorMessage(ex.getMessage());
                    user.setInvalid(true);
                }
            });
            add.setId("access-add");
            add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            user.setManualValidation(true);
            Div form = new Div(user, role, add);
            form.addClassName("access-form");
            add(form);
        }
        grid.setId("access-grid");
        grid.setAllRowsVisible(true);
        grid.addColumn(RoleAssignment::username).setHeader("User").setAutoWidth(true);
        grid.addColumn(a -> a.role().label()).setHeader("Role").setAutoWidth(true);
        grid.addColumn(a -> a.scopeKind().label()).setHeader("Scope").setAutoWidth(true);
        if (owner) {
            grid.addComponentColumn(a -> {
                Button remove = new Button("Remove", e -> {
                    access.revoke(a.id(), path);
                    refresh();
                });
                remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
                return remove;
            }).setAutoWidth(true);
        }
        add(grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(access.assignmentsAt(path));
    }
}
