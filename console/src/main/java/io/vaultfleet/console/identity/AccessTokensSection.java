package io.vaultfleet.console.identity;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import io.vaultfleet.console.platform.InvalidInputException;

/**
 * My account › Access tokens: make a token for the REST API and the PowerShell module (its secret is shown once,
 * here, and never again), see one's tokens, revoke them. The service enforces every rule; this only shows its word.
 */
class AccessTokensSection extends Div {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private final AccessTokenService tokens;
    private final Grid<AccessToken> grid = new Grid<>();
    private final Map<UUID, String> vaultNames;

    AccessTokensSection(AccessTokenService tokens) {
        this.tokens = tokens;
        setId("access-tokens");
        vaultNames = tokens.vaultChoices().stream().collect(Collectors.toMap(c -> c.path().vaultId(), ScopeChoice::label,
                (x, y) -> x));
        TextField name = new TextField("Token name");
        name.setId("token-name");
        name.setMaxLength(AccessTokenService.MAX_NAME_LENGTH);
        Select<Role> role = new Select<>();
        role.setLabel("Role");
        role.setId("token-role");
        role.setItems(Arrays.asList(Role.values()));
        role.setItemLabelGenerator(Role::label);
        role.setValue(Role.READER);
        ComboBox<UUID> vault = new ComboBox<>("Only this vault (optional)");
        vault.setId("token-vault");
        vault.setItems(vaultNames.keySet());
        vault.setItemLabelGenerator(id -> vaultNames.getOrDefault(id, id.toString()));
        vault.setClearButtonVisible(true);
        DatePicker expires = new DatePicker("Expires");
        expires.setId("token-expires");
        expires.setMax(tokens.latestExpiry());
        expires.setValue(tokens.latestExpiry().minusYears(1).plusDays(90));
        Div secret = new Div();
        secret.setId("token-secret");
        Button create = new Button("Create token", e -> {
            name.setInvalid(false);
            role.setInvalid(false);
            expires.setInvalid(false);
            vault.setInvalid(false);
            secret.removeAll();
            try {
                AccessToken.Issued issued = tokens.create(name.getValue(), role.getValue(), vault.getValue(),
                        expires.getValue());
                TextField shown = new TextField("Copy it now: it is not shown again");
                shown.setId("token-secret-value");
                shown.setValue(issued.secret());
                shown.setReadOnly(true);
                shown.setWidthFull();
                secret.add(shown);
                name.clear();
                refresh();
            } catch (InvalidInputException ex) {
                show(ex, "name", name);
                show(ex, "role", role);
                show(ex, "expires", expires);
                show(ex, "vaultId", vault);
            }
        });
        create.setId("create-token-button");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(name, role, vault, expires, create);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);

        grid.setId("token-grid");
        grid.addColumn(AccessToken::name).setHeader("Name");
        grid.addColumn(t -> t.role().label()).setHeader("Role");
        grid.addColumn(t -> t.vaultId() == null ? "All in reach" : vaultNames.getOrDefault(t.vaultId(), t.vaultId().toString()))
                .setHeader("Vault");
        grid.addColumn(t -> DAY.format(t.expiresAt().minusSeconds(1))).setHeader("Expires");
        grid.addColumn(t -> t.lastUsedAt() == null ? "Never" : DAY.format(t.lastUsedAt())).setHeader("Last used");
        grid.addComponentColumn(t -> {
            if (t.revokedAt() != null) {
                return new Paragraph("Revoked");
            }
            Button revoke = new Button("Revoke", e -> {
                tokens.revoke(t.id());
                refresh();
            });
            revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
            return revoke;
        }).setHeader("");
        grid.setAllRowsVisible(true);
        add(new H2("Access tokens"), new Paragraph("For scripts: the REST API (/api/v1) and the PowerShell module "
                + "VaultFleet.psm1. A token acts for you with at most the role you choose, optionally in one vault; "
                + "the console keeps only a hash of it."), powerShellModule(), form, secret, grid);
        refresh();
    }

    private static Anchor powerShellModule() {
        var link = new Anchor("/downloads/VaultFleet.psm1", "Download the PowerShell module");
        link.setId("download-powershell-module");
        link.getElement().setAttribute("download", true);
        link.setRouterIgnore(true);
        return link;
    }

    private void refresh() {
        grid.setItems(tokens.mine());
    }

    private static void show(InvalidInputException ex, String field, HasValidation target) {
        String problem = ex.problem(field);
        if (problem != null) {
            target.setErrorMessage(problem);
            target.setInvalid(true);
        }
    }
}
