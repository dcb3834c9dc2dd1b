package io.vaultfleet.console.vault;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import org.springframework.security.access.AccessDeniedException;

/**
 * Settings &gt; Security settings: soft delete. Turning it off is a critical operation: one owner asks, a different
 * owner confirms.
 */
class SecuritySettingsPanel extends Div {
    private final VaultService vaults;
    private final Div body = new Div();
    private Vault vault;

    SecuritySettingsPanel(VaultService vaults, Vault vault) {
        this.vaults = vaults;
        this.vault = vault;
        addClassName("security-settings");
        add(new H3("Security settings"), new Paragraph("Soft delete keeps deleted backup data for "
                + vault.softDeleteDays() + " days, so an accidental or malicious deletion can be undone."), body);
        render(null);
    }

    private void render(String error) {
        body.removeAll();
        Div status = new Div(vault.softDeleteEnabled() ? "Soft delete is enabled (" + vault.softDeleteDays()
                + " days)." : "Soft delete is disabled: deleted backup data is removed at once.");
        status.setId("soft-delete-status");
        status.getElement().setAttribute("data-enabled", Boolean.toString(vault.softDeleteEnabled()));
        body.add(status);
        Role role = vaults.roleOn(vault);
        String me = AuditLog.currentActor();
        if (vault.softDeleteEnabled() && vault.softDeleteOffRequestedBy() != null) {
            Div pending = new Div("Disabling was requested by " + vault.softDeleteOffRequestedBy()
                    + ". A different owner must confirm it.");
            pending.setId("soft-delete-pending");
            pending.addClassNames("banner", "banner-warning");
            body.add(pending);
            if (role == Role.OWNER && !vault.softDeleteOffRequestedBy().equalsIgnoreCase(me)) {
                body.add(button("Confirm: disable soft delete", "soft-delete-confirm", true,
                        () -> vaults.disableSoftDelete(vault.id())));
            }
            if (role != null && role.includes(Role.CONTRIBUTOR)) {
                body.add(button("Keep soft delete enabled", "soft-delete-cancel", false,
                        () -> vaults.enableSoftDelete(vault.id())));
            }
        } else if (vault.softDeleteEnabled()) {
            if (role == Role.OWNER) {
                body.add(button("Disable soft delete", "soft-delete-disable", true,
                        () -> vaults.disableSoftDelete(vault.id())));
                Paragraph note = new Paragraph("Needs a second confirmation by a different owner.");
                note.addClassName("hint");
                body.add(note);
            }
        } else if (role != null && role.includes(Role.CONTRIBUTOR)) {
            body.add(button("Enable soft delete", "soft-delete-enable", false, () -> vaults.enableSoftDelete(vault.id())));
        }
        if (error != null) {
            Div e = new Div(error);
            e.setId("soft-delete-error");
            e.addClassNames("banner", "banner-error");
            body.add(e);
        }
    }

    private Button button(String label, String id, boolean danger, Runnable action) {
        Button b = new Button(label, e -> {
            try {
                action.run();
                vault = vaults.get(vault.id());
                render(null);
            } catch (InvalidInputException | AccessDeniedException ex) {
                vault = vaults.get(vault.id());
                render(ex.getMessage());
            }
        });
        b.setId(id);
        b.addThemeVariants(danger ? ButtonVariant.LUMO_ERROR : ButtonVariant.LUMO_PRIMARY);
        return b;
    }
}
