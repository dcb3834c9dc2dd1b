package io.vaultfleet.console.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.RegisteredServersView;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.identity.UserAccountService;
import io.vaultfleet.console.jobs.BackupJob;
import io.vaultfleet.console.jobs.BackupJobsView;
import io.vaultfleet.console.jobs.JobDetailView;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.identity.AgentKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * The servers and jobs views for users who hold a role at one vault only, browserless: they open (no console-wide
 * role needed), list only that vault's items, and offer an action only where the user may take it. Signed in as
 * the session would be: a scoped user's session carries no console role authority.
 */
@ConsoleTest
class ScopedViewsTest extends SpringBrowserlessTest {
    private static final String READER = "views-reader-of-a";
    private static final String OPERATOR = "views-operator-of-a";
    private static final String PASSWORD = "Scoped-views-password-1";
    private static Vault vaultA;
    private static Vault vaultB;
    private static RegisteredServer serverA;
    private static RegisteredServer serverB;

    @Autowired TestVaults testVaults;
    @Autowired FleetService fleet;
    @Autowired UserAccountService users;
    @Autowired AccessControl access;
    @Autowired JdbcClient jdbc;
    @Autowired SecurityContextHolderStrategy security;

    @BeforeEach
    void aVaultWithAReaderAndAnOperatorAndAnotherVault() {
        if (vaultA != null) {
            return;
        }
        vaultA = testVaults.create("views-a");
        vaultB = testVaults.create("views-b");
        serverA = enroll(vaultA, "views-a-server");
        serverB = enroll(vaultB, "views-b-server");
        TestSecurity.runAs(security, "admin", Role.OWNER, () -> {
            for (String name : List.of(READER, OPERATOR)) {
                users.createUser(name, name, PASSWORD, Role.READER);
                access.removeGlobalRole(name);
                access.grant(name, name.equals(READER) ? Role.READER : Role.OPERATOR, vaultA.path());
            }
            return null;
        });
    }

    @Test
    @WithMockUser(username = READER, authorities = "SCOPED")
    void aReaderOfOneVaultOpensTheServersListAndSeesThatVaultsServersOnly() {
        navigate(RegisteredServersView.class);
        Grid<RegisteredServer> grid = $(Grid.class).id("servers-grid");
        List<String> names = names(grid);
        assertThat(names).contains(serverA.name()).doesNotContain(serverB.name());
        assertThat($(Button.class).withId("servers-back-up-now").exists())
                .as("a reader is offered no Back Up Now").isFalse();
    }

    @Test
    @WithMockUser(username = OPERATOR, authorities = "SCOPED")
    void anOperatorOfTheVaultIsOfferedBackUpNow() {
        navigate(RegisteredServersView.class);
        assertThat($(Button.class).withId("servers-back-up-now").exists()).isTrue();
    }

    @Test
    @WithMockUser(username = READER, authorities = "SCOPED")
    void aReaderSeesTheJobButNoCancel() {
        UUID job = openJob(vaultA, serverA);
        navigate("jobs/" + job, JobDetailView.class);
        assertThat($(com.vaadin.flow.component.html.Div.class).withId("job-properties").exists())
                .as("the job is shown").isTrue();
        assertThat($(Button.class).withId("cancel-job").exists()).as("but not its Cancel").isFalse();
    }

    @Test
    @WithMockUser(username = OPERATOR, authorities = "SCOPED")
    void anOperatorOfTheVaultMayCancelItsJob() {
        UUID job = openJob(vaultA, serverA);
        navigate("jobs/" + job, JobDetailView.class);
        assertThat($(Button.class).id("cancel-job").isVisible()).isTrue();
    }

    @Test
    @WithMockUser(username = READER, authorities = "SCOPED")
    void theJobsListHoldsOnlyTheVaultsJobs() {
        UUID mine = openJob(vaultA, serverA);
        UUID theirs = openJob(vaultB, serverB);
        navigate(BackupJobsView.class);
        @SuppressWarnings("unchecked")
        Grid<BackupJob> grid = $(Grid.class).first();
        List<UUID> listed = new ArrayList<>();
        for (int i = 0; i < test(grid).size(); i++) {
            listed.add(test(grid).getRow(i).id());
        }
        assertThat(listed).contains(mine).doesNotContain(theirs);
    }

    @Test
    @WithMockUser(username = READER, authorities = "SCOPED")
    void anotherVaultsServerOrJobSaysWhichRoleIsMissingAndShowsNothingOfIt() {
        UUID theirs = openJob(vaultB, serverB);
        navigate("servers/" + serverB.id(), io.vaultfleet.console.fleet.ServerDetailView.class);
        assertThat(description()).contains("Reader role");
        assertThat($(Grid.class).exists()).isFalse();

        navigate("jobs/" + theirs, JobDetailView.class);
        assertThat(description()).contains("Reader role");
        assertThat($(com.vaadin.flow.component.html.Div.class).withId("job-properties").exists()).isFalse();
    }

    @Test
    @WithMockUser(username = READER, authorities = "SCOPED")
    void aReaderOpensTheirVaultsServerPageWithEverySection() {
        navigate("servers/" + serverA.id(), io.vaultfleet.console.fleet.ServerDetailView.class);
        assertThat($(com.vaadin.flow.component.html.H2.class).first().getText()).isEqualTo(serverA.name());
        assertThat($(Button.class).withId("unregister-server").exists()).as("a reader may not unregister").isFalse();
        assertThat($(Button.class).withId("back-up-now").exists()).as("nor back up").isFalse();
    }

    @Test
    @WithMockUser(username = OPERATOR, authorities = "SCOPED")
    void anOperatorOfTheVaultGetsBackUpNowOnItsServerPage() {
        navigate("servers/" + serverA.id(), io.vaultfleet.console.fleet.ServerDetailView.class);
        assertThat($(Button.class).withId("back-up-now").exists()).isTrue();
        assertThat($(Button.class).withId("unregister-server").exists()).as("unregistering needs a contributor").isFalse();
    }

    private String description() {
        return $(com.vaadin.flow.component.html.Paragraph.class).withClassName("view-header-description").first()
                .getText();
    }

    private List<String> names(Grid<RegisteredServer> grid) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < test(grid).size(); i++) {
            names.add(test(grid).getRow(i).name());
        }
        return names;
    }

    private RegisteredServer enroll(Vault vault, String prefix) {
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.id(), prefix + "-" + UUID.randomUUID().toString().substring(0, 6),
                "Linux", "6.1", "0.1.0", AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        return enrolled.server();
    }

    /** A queued backup job, as Back Up Now records it before the agent answers. */
    private UUID openJob(Vault vault, RegisteredServer server) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                insert into backup_job (id, vault_id, operation, status, started_at, server_id, item, trigger_kind,
                    requested_by, paths, stage, last_report_at)
                values (:id, :v, 'BACKUP', 'QUEUED', :now, :s, 'SYSTEM_CONFIGURATION', 'ON_DEMAND', 'admin', '', 'QUEUED', :now)""")
                .param("id", id).param("v", vault.id()).param("s", server.id()).param("now", now).update();
        return id;
    }
}
