package io.vaultfleet.console.storage;

import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import jakarta.annotation.security.PermitAll;
import org.springframework.security.access.AccessDeniedException;

/** Settings &gt; Storage locations. Credentials can be replaced, never read back. */
@Route("settings/storage")
@PageTitle("Storage locations")
@PermitAll
public class StorageLocationsView extends Div implements HasBreadcrumbs {
    private final StorageLocationService service;
    private final Grid<StorageLocation> grid = new Grid<>();

    public StorageLocationsView(StorageLocationService service, AccessControl access) {
        this.service = service;
        addClassNames("view", "storage-view");
        boolean owner = access.allowsGlobally(Role.OWNER);
        ViewHeader header = new ViewHeader("Storage locations",
                "Each location is a folder the agents can reach or an Azure Blob Storage account, and may name a "
                        + "paired location that geo-redundant vaults replicate to.");
        if (owner) {
            Button add = new Button("Add location", VaadinIcon.PLUS.create(), e -> edit(null));
            add.setId("add-storage-button");
            add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            header.withActions(add);
        }
        add(header);
        grid.setId("storage-grid");
        grid.setAllRowsVisible(true);
        grid.addColumn(StorageLocation::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(StorageLocation::displayName).setHeader("Display name").setAutoWidth(true);
        grid.addColumn(l -> l.kind().label()).setHeader("Kind").setAutoWidth(true);
        grid.addColumn(StorageLocation::endpoint).setHeader("Folder or account URL").setAutoWidth(true);
        grid.addColumn(l -> l.kind() == StorageKind.AZURE_BLOB ? (l.hasCredential() ? "Stored (hidden)" : "Missing") : "—")
                .setHeader("Credential").setAutoWidth(true);
        grid.addColumn(l -> l.pairedLocationName() == null ? "—" : l.pairedLocationName()).setHeader("Paired location")
                .setAutoWidth(true);
        if (owner) {
            grid.addComponentColumn(l -> {
                Button b = new Button("Edit", e -> edit(l));
                b.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
                b.addClassName("storage-edit");
                b.getElement().setAttribute("data-name", l.name());
                return b;
            }).setAutoWidth(true);
        }
        add(grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(service.list());
    }

    private void edit(StorageLocation existing) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(existing == null ? "Add storage location" : "Edit " + existing.name());
        TextField name = new TextField("Name");
        name.setId("storage-name");
        name.setHelperText("Lower-case, e.g. westeurope. Cannot change later.");
        TextField display = new TextField("Display name");
        display.setId("storage-display-name");
        RadioButtonGroup<StorageKind> kind = new RadioButtonGroup<>("Kind");
        kind.setId("storage-kind");
        kind.setItems(StorageKind.values());
        kind.setItemLabelGenerator(StorageKind::label);
        TextField folder = new TextField("Folder path");
        folder.setId("storage-folder");
        folder.setHelperText("Absolute path every agent using this location can reach.");
        TextField url = new TextField("Account URL");
        url.setId("storage-account-url");
        url.setPlaceholder("https://myaccount.blob.core.windows.net");
        PasswordField credential = new PasswordField("Account key or SAS token");
        credential.setId("storage-credential");
        credential.setRevealButtonVisible(false);
        ComboBox<StorageLocation> paired = new ComboBox<>("Paired location (for geo-redundancy)");
        paired.setId("storage-paired");
        paired.setItems(service.list().stream().filter(l -> existing == null || !l.id().equals(existing.id())).toList());
        paired.setItemLabelGenerator(StorageLocation::displayName);
        paired.setClearButtonVisible(true);
        List<HasValidation> fields = List.of(name, display, kind, folder, url, credential, paired);
        fields.forEach(f -> f.setManualValidation(true));
        kind.addValueChangeListener(e -> {
            folder.setVisible(e.getValue() == StorageKind.FOLDER);
            url.setVisible(e.getValue() == StorageKind.AZURE_BLOB);
            credential.setVisible(e.getValue() == StorageKind.AZURE_BLOB);
        });
        if (existing == null) {
            kind.setValue(StorageKind.FOLDER);
        } else {
            name.setValue(existing.name());
            name.setReadOnly(true);
            display.setValue(existing.displayName());
            kind.setValue(existing.kind());
            folder.setValue(existing.folderPath() == null ? "" : existing.folderPath());
            url.setValue(existing.accountUrl() == null ? "" : existing.accountUrl());
            if (existing.hasCredential()) {
                credential.setHelperText("A credential is stored. Leave blank to keep it; it is never shown.");
            }
            service.list().stream().filter(l -> l.id().equals(existing.pairedLocationId())).findFirst()
                    .ifPresent(paired::setValue);
        }
        dialog.add(new FormLayout(name, display, kind, folder, url, credential, paired));
        Button save = new Button("Save", e -> {
            StorageLocationForm form = new StorageLocationForm(name.getValue(), display.getValue(), kind.getValue(),
                    folder.getValue(), url.getValue(), credential.getValue(),
                    paired.getValue() == null ? null : paired.getValue().id());
            try {
                if (existing == null) {
                    service.create(form);
                } else {
                    service.update(existing.id(), form);
                }
                dialog.close();
                refresh();
                Notification.show("Storage location saved.", 3000, Notification.Position.BOTTOM_END)
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            } catch (InvalidInputException ex) {
                Map<String, String> p = ex.problems();
                mark(name, p.get("name"));
                mark(display, p.get("displayName"));
                mark(kind, p.get("kind"));
                mark(folder, p.get("folderPath"));
                mark(url, p.get("accountUrl"));
                mark(credential, p.get("credential"));
                mark(paired, p.get("pairedLocation"));
            } catch (AccessDeniedException ex) {
                mark(name, ex.getMessage());
            }
        });
        save.setId("storage-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private static void mark(HasValidation field, String problem) {
        field.setErrorMessage(problem);
        field.setInvalid(problem != null);
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(new Crumb("Settings", "settings"), Crumb.here("Storage locations"));
    }
}
