package io.vaultfleet.console.vault;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import org.springframework.security.access.AccessDeniedException;

/** Backup Infrastructure &gt; Backup Configuration: the storage replication type. */
class BackupConfigurationPanel extends Div {
    static final String REDUNDANCY_NEEDS = "Changing the storage replication type needs the Contributor role at this "
            + "vault, its resource group or its subscription.";
    private final Div message = new Div();

    BackupConfigurationPanel(VaultService vaults, Vault vault) {
        addClassName("backup-configuration");
        add(new H3("Backup Configuration"), new Paragraph("Storage replication type decides how many copies of "
                + "this vault's backups are kept, and where. Choose it before you protect the first item: "
                + "it cannot change afterwards."));
        String lock = vaults.redundancyLockReason(vault.id());
        if (lock != null) {
            Div locked = new Div(lock);
            locked.setId("redundancy-locked");
            locked.addClassNames("banner", "banner-warning");
            add(locked);
        }
        String geo = vaults.geoReplicationWarning(vault);
        if (geo != null) {
            Div warning = new Div(geo);
            warning.setId("geo-replication-warning");
            warning.addClassNames("banner", "banner-warning");
            add(warning);
        }
        RadioButtonGroup<StorageRedundancy> options = new RadioButtonGroup<>("Storage replication type");
        options.setId("redundancy-options");
        options.setItems(StorageRedundancy.values());
        options.setRenderer(new ComponentRenderer<>(r -> {
            Span title = new Span(r.label());
            title.addClassName("option-title");
            Span explanation = new Span(r.explanation());
            explanation.addClassName("option-explanation");
            Span cost = new Span("Cost: " + r.cost());
            cost.addClassName("option-cost");
            Div d = new Div(title, explanation, cost);
            d.addClassName("redundancy-option");
            d.getElement().setAttribute("data-redundancy", r.name());
            return d;
        }));
        options.setValue(vault.redundancy());
        options.addClassName("redundancy-options");
        Button save = new Button("Save", e -> {
            try {
                Vault changed = vaults.changeRedundancy(vault.id(), options.getValue());
                show("Storage replication type is now " + changed.redundancy().label() + ".", false);
            } catch (InvalidInputException | AccessDeniedException ex) {
                show(ex.getMessage(), true);
                options.setValue(vaults.get(vault.id()).redundancy());
            }
        });
        save.setId("redundancy-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Role role = vaults.roleOn(vault);
        if (role == null || !role.includes(Role.CONTRIBUTOR)) {
            // no silent click: a user who may not change it sees Save and the choice disabled, with why on hover
            save.setEnabled(false);
            save.setTooltipText(REDUNDANCY_NEEDS);
            options.setReadOnly(true);
        }
        message.setId("redundancy-message");
        message.setVisible(false);
        add(options, save, message);
    }

    private void show(String text, boolean error) {
        message.setText(text);
        message.setClassName("banner " + (error ? "banner-error" : "banner-success"));
        message.getElement().setAttribute("data-outcome", error ? "refused" : "saved");
        message.setVisible(true);
    }
}
