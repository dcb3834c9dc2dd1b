package io.vaultfleet.console.vault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Nav;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AccessControlPanel;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import jakarta.annotation.security.PermitAll;
import org.springframework.security.access.AccessDeniedException;

/**
 * One vault: a portal-like menu on the left (Overview, Getting Started, Protected items, Backup Infrastructure,
 * Settings) and the
 * chosen section on the right. Prepare infrastructure lives in the downloads feature and is linked by its route.
 */
@Route("vaults/:vaultId/:section(overview|backup-goal|backup-items|backup-configuration|security|access)?")
@PageTitle("Recovery Services vault")
@PermitAll
public class VaultView extends Div implements BeforeEnterObserver, HasBreadcrumbs {
    private final VaultService vaults;
    private final AccessControl access;
    private final List<VaultSection> sections;
    private Vault vault;
    private String section = "overview";

    public VaultView(VaultService vaults, AccessControl access, List<VaultSection> sections) {
        this.vaults = vaults;
        this.access = access;
        this.sections = sections.stream().sorted(Comparator.comparingInt(VaultSection::order)).toList();
        addClassNames("view", "vault-view");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        String id = event.getRouteParameters().get("vaultId").orElse("");
        try {
            vault = vaults.get(UUID.fromString(id));
        } catch (IllegalArgumentException | InvalidInputException | AccessDeniedException e) {
            vault = null;
            add(new ViewHeader("Recovery Services vault", null));
            Div message = new Div(e instanceof AccessDeniedException ? e.getMessage() : "No such vault.");
            message.addClassName("empty-state");
            message.setId("vault-unavailable");
            add(message);
            return;
        }
        section = event.getRouteParameters().get("section").orElse("overview");
        add(new ViewHeader(vault.name(), "Recovery Services vault · " + vault.resourceGroupName() + " · "
                + vault.subscriptionName()));
        Div body = new Div(menu(vault, section), content());
        body.addClassName("vault-body");
        add(body);
    }

    /**
     * The vault's side menu with {@code section} marked; public so pages of the vault that live in other features
     * (Prepare infrastructure) keep the menu beside them, as the portal's vault blade does.
     */
    public static Nav menu(Vault vault, String section) {
        Nav nav = new Nav();
        nav.addClassName("vault-menu");
        String base = "vaults/" + vault.id() + "/";
        nav.add(link("Overview", base + "overview", "overview", section));
        nav.add(group("Getting started"), link("Backup", base + "backup-goal", "backup-goal", section));
        nav.add(group("Protected items"), link("Backup items", base + "backup-items", "backup-items", section));
        nav.add(group("Backup Infrastructure"),
                link("Backup Configuration", base + "backup-configuration", "backup-configuration", section),
                link("Prepare infrastructure", base + "prepare-infrastructure", "prepare-infrastructure", section));
        nav.add(group("Settings"), link("Security settings", base + "security", "security", section),
                link("Access control (IAM)", base + "access", "access", section));
        return nav;
    }

    private Component content() {
        Div content = new Div();
        content.addClassName("vault-content");
        content.add(switch (section) {
            case "backup-goal" -> new BackupGoalPanel(vaults, vault);
            case "backup-configuration" -> withSections(new BackupConfigurationPanel(vaults, vault),
                    VaultSection.Place.BACKUP_CONFIGURATION);
            case "backup-items" -> withSections(backupItemsPanel(), VaultSection.Place.BACKUP_ITEMS);
            case "security" -> new SecuritySettingsPanel(vaults, vault);
            case "access" -> new AccessControlPanel(access, vault.path(), vault.name());
            default -> withSections(new VaultOverviewPanel(vaults, vault), VaultSection.Place.OVERVIEW);
        });
        return content;
    }

    /** The heading of *Backup items*; the list itself comes from Recover Data (it offers the action per row). */
    private static Div backupItemsPanel() {
        Div panel = new Div(new H3("Backup items"));
        panel.addClassName("vault-backup-items");
        return panel;
    }

    /** The panel followed by what other features contribute to this place. */
    private Component withSections(Div panel, VaultSection.Place place) {
        sections.stream().filter(s -> s.place() == place).forEach(s -> panel.add(s.create(vault)));
        return panel;
    }

    private static Anchor link(String label, String href, String key, String section) {
        Anchor a = new Anchor(href, label);
        a.setId("vault-nav-" + key);
        a.addClassName("vault-menu-item");
        if (key.equals(section)) {
            a.addClassName("selected");
        }
        return a;
    }

    private static Span group(String label) {
        Span s = new Span(label);
        s.addClassName("vault-menu-group");
        return s;
    }

    static String sectionTitle(String section) {
        return switch (section) {
            case "backup-goal" -> "Backup";
            case "backup-items" -> "Backup items";
            case "backup-configuration" -> "Backup Configuration";
            case "security" -> "Security settings";
            case "access" -> "Access control (IAM)";
            default -> "Overview";
        };
    }

    @Override
    public List<Crumb> breadcrumbs() {
        List<Crumb> trail = new ArrayList<>();
        trail.add(new Crumb("Recovery Services vaults", "vaults"));
        if (vault == null) {
            trail.add(Crumb.here("Vault"));
            return trail;
        }
        trail.add(new Crumb(vault.name(), "vaults/" + vault.id()));
        trail.add(Crumb.here(sectionTitle(section)));
        return trail;
    }
}
