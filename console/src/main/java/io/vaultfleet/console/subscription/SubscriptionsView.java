package io.vaultfleet.console.subscription;

import java.util.List;
import java.util.function.Consumer;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AccessControlPanel;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import jakarta.annotation.security.PermitAll;
import org.springframework.security.access.AccessDeniedException;

/** Subscriptions and their resource groups, with access control at each. */
@Route("subscriptions")
@PageTitle("Subscriptions")
@Menu(title = "Subscriptions", order = 8, icon = "vaadin:folder-open")
@PermitAll
public class SubscriptionsView extends Div implements HasBreadcrumbs {
    private final SubscriptionService service;
    private final AccessControl access;
    private final Grid<Subscription> subscriptions = new Grid<>();
    private final Div detail = new Div();
    private Subscription selected;

    public SubscriptionsView(SubscriptionService service, AccessControl access) {
        this.service = service;
        this.access = access;
        addClassNames("view", "subscriptions-view");
        ViewHeader header = new ViewHeader("Subscriptions",
                "Subscriptions and resource groups contain vaults. Roles granted on them apply to everything inside.");
        if (access.allowsGlobally(Role.OWNER)) {
            Button add = new Button("Add subscription", VaadinIcon.PLUS.create(), e -> nameDialog("Add subscription",
                    "Subscription name", "new-subscription-name", "create-subscription-button", name -> {
                        Subscription s = service.createSubscription(name);
                        refresh();
                        select(s);
                        toast("Subscription '" + s.name() + "' created.");
                    }));
            add.setId("add-subscription-button");
            add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            header.withActions(add);
        }
        add(header);
        subscriptions.setId("subscriptions-grid");
        subscriptions.setAllRowsVisible(true);
        subscriptions.addComponentColumn(s -> link(s.name(), "subscription-link", () -> select(s)))
                .setHeader("Subscription").setAutoWidth(true);
        subscriptions.addColumn(Subscription::createdBy).setHeader("Created by").setAutoWidth(true);
        detail.addClassName("subscription-detail");
        add(subscriptions, detail);
        refresh();
    }

    private void refresh() {
        subscriptions.setItems(service.subscriptions());
    }

    private void select(Subscription s) {
        selected = s;
        detail.removeAll();
        H3 title = new H3("Resource groups in " + s.name());
        Grid<ResourceGroup> groups = new Grid<>();
        groups.setId("resource-groups-grid");
        groups.setAllRowsVisible(true);
        Div access = new Div();
        groups.addComponentColumn(g -> link(g.name(), "resource-group-link", () -> {
            access.removeAll();
            access.add(new H3("Resource group " + g.name()), new AccessControlPanel(this.access, g.path(), g.name()));
        })).setHeader("Resource group").setAutoWidth(true);
        groups.addColumn(ResourceGroup::createdBy).setHeader("Created by").setAutoWidth(true);
        groups.setItems(service.resourceGroups(s.id()));
        detail.add(title);
        if (this.access.allows(Role.CONTRIBUTOR, s.path())) {
            Button add = new Button("Add resource group", VaadinIcon.PLUS.create(), e -> nameDialog(
                    "Add resource group", "Resource group name", "new-resource-group-name",
                    "create-resource-group-button", name -> {
                        ResourceGroup g = service.createResourceGroup(s.id(), name);
                        select(selected);
                        toast("Resource group '" + g.name() + "' created.");
                    }));
            add.setId("add-resource-group-button");
            detail.add(add);
        }
        detail.add(groups, access);
        if (this.access.roleAt(s.path()).isPresent()) {
            access.add(new H3("Subscription " + s.name()), new AccessControlPanel(this.access, s.path(), s.name()));
        }
    }

    private void nameDialog(String title, String label, String fieldId, String buttonId, Consumer<String> action) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(title);
        TextField name = new TextField(label);
        name.setId(fieldId);
        name.setManualValidation(true);
        name.setWidthFull();
        dialog.add(name);
        Button create = new Button("Create", e -> {
            try {
                action.accept(name.getValue());
                dialog.close();
            } catch (InvalidInputException | AccessDeniedException ex) {
                name.setErrorMessage(ex.getMessage());
                name.setInvalid(true);
            }
        });
        create.setId(buttonId);
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> dialog.close());
        cancel.setId("dialog-cancel-button");
        dialog.getFooter().add(cancel, create);
        dialog.open();
        name.focus();
    }

    private static Button link(String text, String className, Runnable action) {
        Button b = new Button(text, e -> action.run());
        b.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        b.addClassName(className);
        b.getElement().setAttribute("data-name", text);
        return b;
    }

    private static void toast(String text) {
        Notification.show(text, 4000, Notification.Position.BOTTOM_END).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("Subscriptions"));
    }
}
