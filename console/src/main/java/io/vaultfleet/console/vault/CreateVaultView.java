package io.vaultfleet.console.vault;

import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.storage.StorageLocation;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.subscription.ResourceGroup;
import io.vaultfleet.console.subscription.ScopeNames;
import io.vaultfleet.console.subscription.Subscription;
import io.vaultfleet.console.subscription.SubscriptionService;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.PropertyRow;
import io.vaultfleet.console.ui.ViewHeader;
import jakarta.annotation.security.PermitAll;

/** "Create Recovery Services vault": Basics, then Review + create. The service validates everything again. */
@Route("vaults/create")
@PageTitle("Create Recovery Services vault")
@PermitAll
public class CreateVaultView extends Div implements HasBreadcrumbs {
    private final VaultService vaults;
    private final SubscriptionService subscriptions;

    private final Tab basicsTab = new Tab("Basics");
    private final Tab reviewTab = new Tab("Review + create");
    private final Div basics = new Div();
    private final Div review = new Div();

    private final ComboBox<Subscription> subscription = new ComboBox<>("Subscription");
    private final ComboBox<ResourceGroup> resourceGroup = new ComboBox<>("Resource group");
    private final TextField newResourceGroup = new TextField("New resource group name");
    private final TextField name = new TextField("Vault name");
    /** Set once the user has typed a name or pressed Review + create: no error is shown on an untouched form. */
    private boolean nameTouched;
    private final ComboBox<StorageLocation> location = new ComboBox<>("Location");
    private final Div summary = new Div();
    private final Button createButton = new Button("Create");

    public CreateVaultView(VaultService vaults, SubscriptionService subscriptions, StorageLocationService locations) {
        this.vaults = vaults;
        this.subscriptions = subscriptions;
        addClassNames("view", "create-vault-view");
        add(new ViewHeader("Create Recovery Services vault",
                "A vault holds backup data and the settings of the servers that back up to it."));

        Tabs tabs = new Tabs(basicsTab, reviewTab);
        tabs.setId("create-vault-tabs");
        tabs.addSelectedChangeListener(e -> {
            if (e.isFromClient() && e.getSelectedTab() == reviewTab) {
                toReview();
            } else if (e.isFromClient()) {
                show(false);
            }
        });
        if (!vaults.mayCreateVault()) {
            // opened by address without the role: say which role is needed instead of a form that cannot succeed
            Paragraph refusal = new Paragraph(VaultService.CREATE_NEEDS);
            refusal.setId("create-vault-refusal");
            refusal.addClassName("refusal");
            add(refusal);
            return;
        }
        add(tabs);

        subscription.setId("vault-subscription");
        subscription.setItems(subscriptions.subscriptions());
        subscription.setItemLabelGenerator(Subscription::name);
        subscription.setHelperText("All resources in a subscription are billed and governed together.");
        subscription.setRequiredIndicatorVisible(true);
        subscription.addValueChangeListener(e -> {
            refreshResourceGroups();
            validateName();
        });

        resourceGroup.setId("vault-resource-group");
        resourceGroup.setItemLabelGenerator(ResourceGroup::name);
        resourceGroup.setRequiredIndicatorVisible(true);
        resourceGroup.setHelperText("A container that holds related resources.");
        Button createNew = new Button("Create new", e -> {
            boolean show = !newResourceGroup.isVisible();
            newResourceGroup.setVisible(show);
            resourceGroup.setEnabled(!show);
            if (show) {
                resourceGroup.clear();
                newResourceGroup.focus();
            } else {
                newResourceGroup.clear();
            }
        });
        createNew.setId("vault-new-resource-group-button");
        createNew.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        newResourceGroup.setId("vault-new-resource-group");
        newResourceGroup.setVisible(false);
        newResourceGroup.setManualValidation(true);
        newResourceGroup.setValueChangeMode(ValueChangeMode.EAGER);
        newResourceGroup.addValueChangeListener(e -> {
            List<String> p = ScopeNames.resourceGroupProblems(e.getValue());
            newResourceGroup.setErrorMessage(String.join(" ", p));
            newResourceGroup.setInvalid(!p.isEmpty());
        });

        name.setId("vault-name");
        name.setRequiredIndicatorVisible(true);
        name.setManualValidation(true);
        name.setValueChangeMode(ValueChangeMode.EAGER);
        name.setHelperText("2–50 characters: letters, digits and hyphens, starting with a letter. Unique in the subscription.");
        name.addValueChangeListener(e -> {
            nameTouched |= e.isFromClient();
            validateName();
        });

        location.setId("vault-location");
        location.setItems(locations.list());
        location.setItemLabelGenerator(StorageLocation::displayName);
        location.setRequiredIndicatorVisible(true);
        location.setHelperText("Where the vault keeps its backups. Owners configure locations in Settings.");

        List<Subscription> subs = subscriptions.subscriptions();
        if (subs.size() == 1) {
            subscription.setValue(subs.getFirst());
        }
        if (locations.list().size() == 1) {
            location.setValue(locations.list().getFirst());
        }

        FormLayout form = new FormLayout();
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        // wide enough for "New resource group name" and the helper texts, so no label is cut at 1366 px
        resourceGroup.setWidth("20rem");
        newResourceGroup.setWidth("20rem");
        Div rgRow = new Div(resourceGroup, createNew, newResourceGroup);
        rgRow.addClassName("resource-group-row");
        form.add(new H3("Project details"), subscription, rgRow, new H3("Instance details"), name, location);
        basics.add(form);
        Button toReview = new Button("Review + create", e -> toReview());
        toReview.setId("review-create-button");
        toReview.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Div basicsActions = new Div(toReview);
        basicsActions.addClassName("form-actions");
        basics.add(basicsActions);
        basics.addClassName("create-vault-basics");

        summary.setId("review-summary");
        summary.addClassName("review-summary");
        Button previous = new Button("Previous", e -> show(false));
        previous.setId("review-previous-button");
        Button create = createButton;
        create.addClickListener(e -> create());
        create.setId("create-vault-button");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setDisableOnClick(true);
        Div reviewActions = new Div(previous, create);
        reviewActions.addClassName("form-actions");
        review.add(summary, reviewActions);
        review.addClassName("create-vault-review");
        add(basics, review);
        show(false);
    }

    private void refreshResourceGroups() {
        resourceGroup.clear();
        Subscription s = subscription.getValue();
        resourceGroup.setItems(s == null ? List.of() : subscriptions.resourceGroups(s.id(), Role.CONTRIBUTOR));
    }

    private void validateName() {
        if (!nameTouched) {
            return;
        }
        List<String> problems = vaults.nameProblems(subscription.getValue() == null ? null : subscription.getValue().id(),
                name.getValue());
        showNameProblems(problems);
    }

    /** Every broken rule once, at the field, one a line (the field's error message keeps line breaks). */
    private void showNameProblems(List<String> problems) {
        name.setInvalid(!problems.isEmpty());
        name.setErrorMessage(problems.isEmpty() ? null : String.join("\n", problems));
    }

    private CreateVaultRequest request() {
        return new CreateVaultRequest(name.getValue(),
                subscription.getValue() == null ? null : subscription.getValue().id(),
                resourceGroup.getValue() == null ? null : resourceGroup.getValue().id(),
                newResourceGroup.isVisible() ? newResourceGroup.getValue() : null,
                location.getValue() == null ? null : location.getValue().id());
    }

    private void toReview() {
        nameTouched = true;
        Map<String, String> problems = vaults.validate(request());
        showProblems(problems);
        if (!problems.isEmpty()) {
            show(false);
            return;
        }
        summary.removeAll();
        Span passed = new Span("Validation passed");
        passed.addClassNames("badge", "badge-success");
        passed.setId("review-validation");
        summary.add(passed, new H3("Basics"),
                PropertyRow.of("Subscription", subscription.getValue().name()),
                PropertyRow.of("Resource group", newResourceGroup.isVisible() ? "(new) " + newResourceGroup.getValue()
                        : resourceGroup.getValue().name()),
                PropertyRow.of("Vault name", name.getValue()),
                PropertyRow.of("Location", location.getValue().displayName()),
                PropertyRow.of("Storage replication", StorageRedundancy.GEO_REDUNDANT.label()
                        + " (change it under Backup Configuration before protecting items)"),
                PropertyRow.of("Soft delete", "Enabled, 14 days"));
        show(true);
    }

    private void create() {
        try {
            Vault vault = vaults.create(request());
            Notification n = Notification.show("Deployment succeeded: Recovery Services vault '" + vault.name()
                    + "' was created.", 6000, Notification.Position.BOTTOM_END);
            n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            getUI().ifPresent(ui -> ui.navigate(VaultView.class, new RouteParameters("vaultId", vault.id().toString())));
        } catch (InvalidInputException e) {
            showProblems(e.problems());
            show(false);
            createButton.setEnabled(true);
        }
    }

    private void showProblems(Map<String, String> problems) {
        if (problems.containsKey("name")) {
            List<String> nameRules = vaults.nameProblems(subscription.getValue() == null ? null
                    : subscription.getValue().id(), name.getValue());
            showNameProblems(nameRules.isEmpty() ? List.of(problems.get("name")) : nameRules);
        }
        mark(subscription, problems.get("subscription"));
        mark(newResourceGroup.isVisible() ? newResourceGroup : resourceGroup, problems.get("resourceGroup"));
        mark(location, problems.get("location"));
    }

    private static void mark(HasValidation field, String problem) {
        if (field instanceof ComboBox<?> c) {
            c.setManualValidation(true);
        }
        field.setErrorMessage(problem);
        field.setInvalid(problem != null);
    }

    private void show(boolean reviewing) {
        basics.setVisible(!reviewing);
        review.setVisible(reviewing);
        ((Tabs) basicsTab.getParent().orElseThrow()).setSelectedTab(reviewing ? reviewTab : basicsTab);
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(new Crumb("Recovery Services vaults", "vaults"), Crumb.here("Create Recovery Services vault"));
    }
}
