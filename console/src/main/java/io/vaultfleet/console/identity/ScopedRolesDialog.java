package io.vaultfleet.console.identity;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import org.springframework.security.access.AccessDeniedException;

/**
 * Settings › Users › Roles at scopes: a user's roles at subscriptions, resource groups and vaults, and for owners of
 * a scope the form to grant one there or remove one. A user may hold such roles with no console-wide role at all:
 * they then see and act on those scopes' vaults, servers, jobs, alerts and policies, and nothing else.
 */
class ScopedRolesDialog extends Dialog {
    private final AccessControl access;
    private final ConsoleUser user;
    private final Runnable changed;
    private final Grid<RoleAssignment> grid = new Grid<>();
    private final Map<ScopePath.Scope, ScopeChoice> byScope;

    ScopedRolesDialog(AccessControl access, ConsoleUser user, Runnable changed) {
        this.access = access;
        this.user = user;
        this.changed = changed;
        setHeaderTitle("Roles of " + user.username() + " at scopes");
        setWidth("44rem");
        byScope = access.allScopes().stream().collect(Collectors.toMap(c -> c.path().target(), Function.identity(),
                (a, b) -> a));
        add(new Paragraph("A role at a subscription, resource group or vault applies to every vault inside it. "
                + (user.globalRole() == null ? user.username() + " has no console-wide role."
                : "Console-wide role: " + user.globalRole().label() + ".")));

        List<ScopeChoice> grantable = access.grantableScopes();
        ComboBox<ScopeChoice> scope = new ComboBox<>("Scope");
        scope.setId("scoped-role-scope");
        scope.setItems(grantable);
        scope.setItemLabelGenerator(ScopeChoice::label);
        scope.setWidth("24rem");
        ComboBox<Role> role = new ComboBox<>("Role");
        role.setId("scoped-role-role");
        role.setItems(Role.values());
        role.setItemLabelGenerator(Role::label);
        Button grant = new Button("Add", e -> {
            if (scope.getValue() == null) {
                scope.setErrorMessage("Choose a subscription, resource group or vault.");
                scope.setInvalid(true);
                return;
            }
            try {
                access.grant(user.username(), role.getValue(), scope.getValue().path());
                scope.setInvalid(false);
                refresh();
            } catch (IllegalArgumentException | AccessDeniedException ex) {
                scope.setErrorMessage(ex.getMessage());
                scope.setInvalid(true);
            }
        });
        grant.setId("scoped-role-add");
        grant.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        if (grantable.isEmpty()) {
            grant.setEnabled(false);
            grant.setTooltipText("You are not an owner of any subscription, resource group or vault.");
        }
        HorizontalLayout form = new HorizontalLayout(scope, role, grant);
        form.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        add(form);

        grid.setId("scoped-roles-grid");
        grid.setAllRowsVisible(true);
        grid.addColumn(a -> a.role().label()).setHeader("Role").setAutoWidth(true);
        grid.addColumn(this::where).setHeader("Scope").setFlexGrow(1);
        grid.addComponentColumn(a -> {
            Button remove = new Button("Remove", e -> {
                try {
                    access.revoke(a.id(), pathOf(a));
                    refresh();
                } catch (IllegalArgumentException | AccessDeniedException ex) {
                    scope.setErrorMessage(ex.getMessage());
                    scope.setInvalid(true);
                }
            });
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            remove.addClassName("scoped-role-remove");
            if (byScope.get(new ScopePath.Scope(a.scopeKind(), a.scopeId())) == null
                    || !access.allows(Role.OWNER, pathOf(a))) {
                remove.setEnabled(false);
                remove.setTooltipText("You need the Owner role at this scope to remove it.");
            }
            return remove;
        }).setAutoWidth(true);
        grid.setEmptyStateText("No roles at subscriptions, resource groups or vaults.");
        add(grid);
        getFooter().add(new Button("Close", e -> close()));
        refresh();
    }

    private String where(RoleAssignment a) {
        ScopeChoice choice = byScope.get(new ScopePath.Scope(a.scopeKind(), a.scopeId()));
        return choice == null ? a.scopeKind().label() + " (removed)" : choice.label();
    }

    private ScopePath pathOf(RoleAssignment a) {
        return byScope.get(new ScopePath.Scope(a.scopeKind(), a.scopeId())).path();
    }

    private void refresh() {
        grid.setItems(access.scopedAssignmentsOf(user.username()));
        changed.run();
    }
}
