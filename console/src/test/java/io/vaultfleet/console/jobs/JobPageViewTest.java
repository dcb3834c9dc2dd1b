package io.vaultfleet.console.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.identity.AgentKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * The job page, browserless: a completed job's stage pills are all done; a failed or cancelled job's stage where it
 * stopped is marked so and the later ones not reached (never all green); a running job's current stage is marked. The
 * duration is the agent's own time on the job, the wait for the agent told apart.
 */
@ConsoleTest
@WithMockUser(username = "admin", authorities = {"ROLE_OWNER", "ROLE_CONTRIBUTOR", "ROLE_OPERATOR", "ROLE_READER"})
class JobPageViewTest extends SpringBrowserlessTest {
    @Autowired TestVaults vaults;
    @Autowired FleetService fleet;
    @Autowired JdbcClient jdbc;
    @Autowired JobService jobs;

    @Test
    void aFailedJobMarksWhereItStoppedAndTheRestNotReached() {
        UUID id = job("FAILED", "UPLOAD");
        assertThat(pills(id)).containsExactly("Precheck done", "Snapshot done", "Upload (failed) failed",
                "Finalize not-reached");
    }

    @Test
    void aCancelledJobMarksWhereItStoppedAsCancelled() {
        UUID id = job("CANCELLED", "SNAPSHOT");
        assertThat(pills(id)).containsExactly("Precheck done", "Snapshot (cancelled) cancelled",
                "Upload not-reached", "Finalize not-reached");
    }

    @Test
    void aJobThatFailedWhileWaitingForStorageStoppedInUpload() {
        UUID id = job("FAILED", "WAITING_FOR_STORAGE");
        assertThat(pills(id)).containsExactly("Precheck done", "Snapshot done", "Upload (failed) failed",
                "Finalize not-reached");
    }

    @Test
    void aJobThatFailedBeforeItsAgentStartedReachedNoStage() {
        UUID id = job("FAILED", "QUEUED");
        assertThat(pills(id)).containsExactly("Precheck not-reached", "Snapshot not-reached", "Upload not-reached",
                "Finalize not-reached");
    }

    @Test
    void anOlderFailedJobStoredWithoutWhereItStoppedMarksNone() {
        UUID id = job("FAILED", "DONE");
        assertThat(pills(id)).containsExactly("Precheck", "Snapshot", "Upload", "Finalize");
    }

    @Test
    void aCompletedJobIsDoneThroughout() {
        UUID id = job("COMPLETED", "DONE");
        assertThat(pills(id)).containsExactly("Precheck done", "Snapshot done", "Upload done", "Finalize done");
    }

    @Test
    void aRunningJobMarksItsCurrentStage() {
        UUID id = job("IN_PROGRESS", "SNAPSHOT");
        assertThat(pills(id)).containsExactly("Precheck done", "Snapshot current", "Upload", "Finalize");
    }

    @Test
    void theDurationIsTheBackupsOwnTimeAndTheWaitForTheAgentIsToldApart() {
        UUID id = job("COMPLETED", "DONE");
        Instant requested = Instant.parse("2026-12-01T10:00:00Z");
        jdbc.sql("update backup_job set started_at = :req, running_since = :run, ended_at = :end where id = :id")
                .param("id", id).param("req", requested.atOffset(ZoneOffset.UTC))
                .param("run", requested.plusSeconds(30).atOffset(ZoneOffset.UTC))
                .param("end", requested.plusSeconds(57).atOffset(ZoneOffset.UTC)).update();
        navigate("jobs/" + id, JobDetailView.class);
        assertThat(property("Duration")).isEqualTo("27 s (after 30 s waiting for the agent)");
        UUID server = jdbc.sql("select server_id from backup_job where id = :id").param("id", id)
                .query(UUID.class).single();
        JobsGrid grid = new JobsGrid(jobs, server, Clock.systemUTC());
        UI.getCurrent().add(grid);
        assertThat(test(grid).getCellText(0, column(grid, "Duration"))).as("the jobs list too")
                .isEqualTo("27 s");
    }

    @Test
    void aJobItsAgentBeganAtOnceShowsNoWait() {
        UUID id = job("COMPLETED", "DONE");
        Instant requested = Instant.parse("2026-12-01T10:00:00Z");
        jdbc.sql("update backup_job set started_at = :req, running_since = :req, ended_at = :end where id = :id")
                .param("id", id).param("req", requested.atOffset(ZoneOffset.UTC))
                .param("end", requested.plusSeconds(90).atOffset(ZoneOffset.UTC)).update();
        navigate("jobs/" + id, JobDetailView.class);
        assertThat(property("Duration")).isEqualTo("1 min 30 s");
    }

    /** A property's value on the job page, by its label. */
    private String property(String label) {
        return $(Div.class).withId("job-properties").first().getChildren()
                .map(row -> row.getElement().getTextRecursively())
                .filter(text -> text.startsWith(label)).map(text -> text.substring(label.length()).trim())
                .findFirst().orElseThrow(() -> new AssertionError("no property " + label));
    }

    /** Each pill as its text and the state class it carries, if any. */
    private List<String> pills(UUID id) {
        navigate("jobs/" + id, JobDetailView.class);
        return $(Span.class).withClassName("job-stage").all().stream().map(pill -> pill.getText()
                + pill.getClassNames().stream().filter(c -> !c.equals("job-stage")).map(c -> " " + c)
                        .reduce("", String::concat)).toList();
    }

    private UUID job(String status, String stage) {
        Vault vault = vaults.create("stages");
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.id(), "stages-" + UUID.randomUUID().toString()
                .substring(0, 6), "Linux", "6.1", "0.1.0", AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        RegisteredServer server = enrolled.server();
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        boolean ended = !status.equals("IN_PROGRESS");
        jdbc.sql("""
                insert into backup_job (id, vault_id, operation, status, started_at, ended_at, server_id, item,
                    trigger_kind, requested_by, paths, stage, last_report_at)
                values (:id, :v, 'BACKUP', :st, :now, :end, :s, 'FILES_AND_FOLDERS', 'ON_DEMAND', 'admin', '/srv',
                    :stage, :now)""")
                .param("id", id).param("v", vault.id()).param("s", server.id()).param("now", now)
                .param("end", ended ? now : null).param("st", status).param("stage", stage).update();
        return id;
    }

    /** The position of the visible column headed {@code header}, as the grid tester counts columns. */
    private int column(Grid<?> grid, String header) {
        long visible = grid.getColumns().stream().filter(Grid.Column::isVisible).count();
        for (int i = 0; i < visible; i++) {
            if (header.equals(test(grid).getHeaderCell(i))) {
                return i;
            }
        }
        throw new AssertionError("no column " + header);
    }
}
