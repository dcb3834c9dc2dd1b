package io.vaultfleet.console.monitoring;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.protocol.SkippedItem;

/**
 * A backup that skipped files (MARS: "Completed with warnings") raises a Warning alert, seen again by the next such
 * backup and resolved by one that skips nothing; a failure meanwhile does not resolve it.
 */
class CompletedWithWarningsAlertTest extends MonitoringTestBase {
    @Autowired
    AlertService alerts;

    @Autowired
    JobService jobs;

    private List<Alert> warningsOf(UUID serverId) {
        jobEndsChecked();
        return runAs(security, Role.READER, () -> alerts.list(AlertQuery.all().forServer(serverId)
                .withRule(AlertRule.BACKUP_COMPLETED_WITH_WARNINGS), 0, 50));
    }

    private String backUpNow(SimulatedAgent agent) {
        runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "FILES_AND_FOLDERS", List.of("/srv")));
        return agent.awaitBackupNow();
    }

    private void skipped(SimulatedAgent agent, String jobId, String path) {
        agent.progress(jobId, JobStage.UPLOAD);
        agent.deliver(new JobFinished(UUID.randomUUID().toString(), jobId, JobOutcome.COMPLETED_WITH_WARNINGS,
                "1 path(s) not backed up: " + path + ": does not exist", "rp-" + jobId, 1, 10, 10,
                List.of(new SkippedItem(path, "does not exist")), 0));
    }

    @Test
    void skippedFilesRaiseAWarningResolvedOnlyByABackupThatSkipsNothing() {
        var vault = vaults.create("warnings");
        try (SimulatedAgent agent = agent(vault.id(), "skips").connect("0.1.0")) {
            skipped(agent, backUpNow(agent), "/srv/gone");
            assertThat(warningsOf(agent.id())).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(AlertState.ACTIVE);
                assertThat(a.severity()).isEqualTo(AlertSeverity.WARNING);
                assertThat(a.title()).isEqualTo("Backup completed with warnings on " + agent.name());
                assertThat(a.detail()).contains("/srv/gone: does not exist");
            });

            skipped(agent, backUpNow(agent), "/srv/gone-again");
            agent.finish(backUpNow(agent), JobOutcome.FAILED, "disk read error");
            assertThat(warningsOf(agent.id())).singleElement().satisfies(a -> {
                assertThat(a.open()).isTrue();
                assertThat(a.occurrences()).isEqualTo(2);
                assertThat(a.detail()).contains("/srv/gone-again");
            });

            agent.finish(backUpNow(agent), JobOutcome.COMPLETED, "");
            assertThat(warningsOf(agent.id())).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
                assertThat(a.resolvedBy()).isEqualTo("system");
                assertThat(a.detail()).startsWith("backup completed without warnings at ");
            });
        }
    }
}
