package io.vaultfleet.console.downloads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.vault.Vault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Prepare infrastructure, browserless, per role: the vault's side menu stays beside it; Linux is offered beside
 * Windows; a user who may not download vault credentials sees Download disabled with the role it needs (not a
 * link the server would answer with 403).
 */
@ConsoleTest
class PrepareInfrastructureViewTest extends SpringBrowserlessTest {
    private static Vault vault;

    @Autowired TestVaults testVaults;

    @BeforeEach
    void aVault() {
        if (vault == null) {
            vault = testVaults.create("prepare-view");
        }
    }

    @Test
    @WithMockUser(username = "prepare-reader", authorities = "ROLE_READER")
    void aReaderSeesCredentialsDownloadDisabledWithTheRoleItNeeds() {
        open();
        Button download = $(Button.class).id("download-credentials");
        assertThat(download.isEnabled()).isFalse();
        assertThat(download.getTooltip().getText()).isEqualTo(PrepareInfrastructureView.CREDENTIALS_NEED);
        assertThat($(Paragraph.class).id("credentials-refusal").getText())
                .contains("Contributor role at this vault");
        assertThat($(Anchor.class).withId("download-credentials").exists()).isFalse();
    }

    @Test
    @WithMockUser(username = "prepare-contributor", authorities = {"ROLE_CONTRIBUTOR", "ROLE_READER"})
    void aContributorGetsTheCredentialsLink() {
        open();
        assertThat($(Anchor.class).withId("download-credentials").exists()).isTrue();
        assertThat($(Paragraph.class).withId("credentials-refusal").exists()).isFalse();
    }

    @Test
    @WithMockUser(username = "prepare-reader", authorities = "ROLE_READER")
    void theVaultMenuStaysBesidePrepareInfrastructureWithItMarked() {
        open();
        Anchor current = $(Anchor.class).id("vault-nav-prepare-infrastructure");
        assertThat(current.getClassNames()).contains("selected");
        assertThat($(Anchor.class).id("vault-nav-overview").getClassNames()).doesNotContain("selected");
    }

    @Test
    @WithMockUser(username = "prepare-reader", authorities = "ROLE_READER")
    void theLinuxAgentIsOfferedBesideWindowsWhenTheConsoleHasThePackage() {
        open();
        String about = $(Paragraph.class).id("agent-version").getText();
        assertThat(about).contains("linux/install.sh", "install.ps1");
        if (!$(Anchor.class).withId("download-agent-server").exists()) {
            assertThat(about).as("a console built without the agent says so").contains("not available");
            return;
        }
        List<String> labels = List.of("download-agent-server", "download-agent-client", "download-agent-linux")
                .stream().map(id -> $(Anchor.class).id(id).getText()).toList();
        assertThat(labels).containsExactly("Download Agent for Windows Server", "Download Agent for Windows Client",
                "Download Agent for Linux");
    }

    private void open() {
        navigate("vaults/" + vault.id() + "/prepare-infrastructure", PrepareInfrastructureView.class);
    }
}
