package io.vaultfleet.console.downloads;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.ConsoleAddress;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.ViewHeader;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultService;
import io.vaultfleet.console.vault.VaultView;
import jakarta.annotation.security.PermitAll;
import org.springframework.security.access.AccessDeniedException;

/**
 * Backup Infrastructure &gt; Prepare infrastructure: download the agent and the vault credentials. Each download is
 * produced when the link is followed, under the signed-in user's rights, and audited by the services.
 */
@Route("vaults/:vaultId/prepare-infrastructure")
@PageTitle("Prepare infrastructure")
@PermitAll
public class PrepareInfrastructureView extends Div implements BeforeEnterObserver, HasBreadcrumbs {
    static final String CREDENTIALS_NEED = "Downloading vault credentials needs the Contributor role at this vault "
            + "(or at its resource group or subscription). Ask an Owner to grant it.";
    private final VaultService vaults;
    private final AgentPackageService agent;
    private final VaultCredentialsService credentials;
    private final ConsoleAddress address;
    private Vault vault;
    private volatile boolean revokeOlder;

    public PrepareInfrastructureView(VaultService vaults, AgentPackageService agent,
                                     VaultCredentialsService credentials, ConsoleAddress address) {
        this.address = address;
        this.vaults = vaults;
        this.agent = agent;
        this.credentials = credentials;
        addClassNames("view", "prepare-infrastructure-view");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        try {
            vault = vaults.get(UUID.fromString(event.getRouteParameters().get("vaultId").orElse("")));
        } catch (IllegalArgumentException | InvalidInputException | AccessDeniedException e) {
            vault = null;
            add(new ViewHeader("Prepare infrastructure", null));
            Div d = new Div(e instanceof AccessDeniedException ? e.getMessage() : "No such vault.");
            d.setId("vault-unavailable");
            d.addClassName("empty-state");
            add(d);
            return;
        }
        add(new ViewHeader("Prepare infrastructure", "Install the agent on each server you protect and register it "
                + "with vault " + vault.name() + "."));
        // the vault's side menu stays beside this page, as beside every other page of the vault
        Div content = new Div();
        content.addClassName("vault-content");
        Div body = new Div(VaultView.menu(vault, "prepare-infrastructure"), content);
        body.addClassName("vault-body");
        add(body);
        if (!vault.goalDone()) {
            Div note = new Div(new Span("Set the backup goal first: "),
                    new Anchor("vaults/" + vault.id() + "/backup-goal", "Getting Started > Backup"));
            note.setId("goal-missing");
            note.addClassNames("banner", "banner-warning");
            content.add(note);
        }
        if (address.configured().isEmpty()) {
            content.add(publicUrlNotice());
        }
        content.add(agentStep(), credentialsStep());
    }

    /** Without vaultfleet.public-url, downloads work only when this page was opened at an allowed host name. */
    private Div publicUrlNotice() {
        Div notice = new Div(new Span("This console's public address is not configured (vaultfleet.public-url). "
                + "Downloads name the console by the address this page was opened with, and only when it is one of "
                + String.join(", ", address.allowedHosts()) + " (vaultfleet.allowed-hosts): fine on this machine; "
                + "for servers elsewhere, set vaultfleet.public-url to the address they reach the console at."));
        notice.setId("public-url-missing");
        notice.addClassNames("banner", "banner-warning");
        return notice;
    }

    private Div agentStep() {
        Div step = new Div(new H3("1. Install the Recovery Services agent"));
        step.addClassName("prepare-step");
        Paragraph version = new Paragraph("Agent version " + agent.agentVersion()
                + ". Each package holds the agent (Java 21+) and its install scripts: for Windows a SYSTEM startup "
                + "task (install.ps1, PowerShell), for Linux a systemd service (linux/install.sh).");
        version.setId("agent-version");
        version.getElement().setAttribute("data-version", agent.agentVersion());
        step.add(version);
        if (!agent.available()) {
            step.add(new Paragraph("This console was built without the agent package."));
            return step;
        }
        step.add(download("Download Agent for Windows Server", "download-agent-server",
                base -> agent.download(AgentPackageService.Edition.WINDOWS_SERVER, vault.id(), base)),
                download("Download Agent for Windows Client", "download-agent-client",
                        base -> agent.download(AgentPackageService.Edition.WINDOWS_CLIENT, vault.id(), base)),
                download("Download Agent for Linux", "download-agent-linux",
                        base -> agent.download(AgentPackageService.Edition.LINUX, vault.id(), base)));
        return step;
    }

    private Div credentialsStep() {
        Div step = new Div(new H3("2. Download vault credentials"));
        step.addClassName("prepare-step");
        long days = credentials.validity().toDays();
        Paragraph validity = new Paragraph("Use the vault credentials file to register servers with this vault. "
                + "A file is valid for " + (days >= 1 ? days + " days" : credentials.validity().toString())
                + " and can register several servers until it expires or is revoked.");
        validity.setId("credentials-validity");
        Paragraph warning = new Paragraph("Save the file only on the server that will use it: anyone holding it can "
                + "register a server with this vault until it expires. Delete it after registration.");
        warning.setId("credentials-warning");
        warning.addClassNames("banner", "banner-warning");
        Checkbox revoke = new Checkbox("Revoke vault credentials downloaded earlier");
        revoke.setId("credentials-revoke-older");
        revoke.addValueChangeListener(e -> revokeOlder = e.getValue());
        Div revokeRow = new Div(revoke);
        Role role = vaults.roleOn(vault);
        if (role == null || !role.includes(Role.CONTRIBUTOR)) {
            // no silent click: without the role the server would refuse the file, so say so here instead
            Button refused = new Button("Download");
            refused.setId("download-credentials");
            refused.setEnabled(false);
            refused.setTooltipText(CREDENTIALS_NEED);
            Paragraph why = new Paragraph(CREDENTIALS_NEED);
            why.setId("credentials-refusal");
            why.addClassName("refusal");
            step.add(validity, new Div(refused), why);
            return step;
        }
        Div downloadRow = new Div(download("Download", "download-credentials",
                base -> credentials.issue(vault.id(), base, revokeOlder)));
        step.add(validity, warning, revokeRow, downloadRow);
        return step;
    }

    private Anchor download(String label, String id, Function<String, DownloadedFile> producer) {
        String what = label.replaceFirst("^Download ", "").replace("Agent for ", "the agent for ");
        return DownloadLink.of(label, id, "Download".equals(label) ? "Vault credentials downloaded."
                : "Downloaded " + what + ".", producer);
    }

    @Override
    public List<Crumb> breadcrumbs() {
        if (vault == null) {
            return List.of(new Crumb("Recovery Services vaults", "vaults"), Crumb.here("Prepare infrastructure"));
        }
        return List.of(new Crumb("Recovery Services vaults", "vaults"), new Crumb(vault.name(), "vaults/" + vault.id()),
                Crumb.here("Prepare infrastructure"));
    }
}
