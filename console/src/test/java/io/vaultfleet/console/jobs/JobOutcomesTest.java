package io.vaultfleet.console.jobs;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.bean.override.convention.TestBean;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.OffsetClock;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.protocol.Delivered;
import io.vaultfleet.protocol.ErrorCode;
import io.vaultfleet.protocol.ErrorReply;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.protocol.JobStarted;
import io.vaultfleet.protocol.SkippedItem;
import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.JobDetailPage;
import io.vaultfleet.testsupport.pages.LoginPage;

/**
 * Every outcome after every stage, sent by an agent over the real channel, is stored and shown as sent; a result the
 * console cannot store leaves the job saying so, never "In progress" or "Stalled".
 */
@ConsoleTest
class JobOutcomesTest {
    private static final OffsetClock CLOCK = new OffsetClock();

    @TestBean(name = "clock", methodName = "offsetClock")
    Clock clock;

    static Clock offsetClock() {
        return CLOCK;
    }

    @LocalServerPort
    int port;

    @Autowired
    JobService jobs;

    @Autowired
    JobWatch watch;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecurityContextHolderStrategy security;

    private SimulatedAgent agent;

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        jdbc.sql("alter table backup_job_skipped_item drop constraint if exists test_refuses").update();
        CLOCK.reset();
    }

    private BackupJob job(String id) {
        return runAs(security, Role.READER, () -> jobs.find(UUID.fromString(id))).orElseThrow();
    }

    /** A scheduled job, as the agent announces it, in {@code stage}. */
    private String running(JobStage stage) {
        String jobId = UUID.randomUUID().toString();
        agent.deliver(new JobStarted(UUID.randomUUID().toString(), jobId, "FILES_AND_FOLDERS", "SCHEDULED",
                CLOCK.instant(), CLOCK.instant(), ""));
        agent.send(new JobProgress(jobId, stage, 1, 100, 1_000, 10));
        await().atMost(Duration.ofSeconds(10)).until(() -> job(jobId).stage() == stage);
        return jobId;
    }

    @Test
    void everyOutcomeAfterEveryStageIsStoredAndShownAsTheAgentSentIt() {
        var vault = vaults.create("outcomes");
        agent = SimulatedAgent.enroll(fleet, vault.id(), "outcomes", port, CLOCK).connect();
        for (JobOutcome outcome : JobOutcome.values()) {
            for (JobStage stage : JobStage.agentStages()) {
                String jobId = running(stage);
                BackupJob before = job(jobId);
                assertThat(before.status()).isEqualTo(JobStatus.IN_PROGRESS);
                assertThat(before.statusLabel()).isEqualTo("In progress");

                boolean warned = outcome == JobOutcome.COMPLETED_WITH_WARNINGS;
                List<SkippedItem> skipped = warned
                        ? List.of(new SkippedItem("/srv/missing-" + stage, "does not exist"),
                                new SkippedItem("C:\\Data\\locked.pst", "access denied: used by another process"))
                        : List.of();
                agent.deliver(new JobFinished(UUID.randomUUID().toString(), jobId, outcome, outcome + " after " + stage,
                        outcome.succeeded() ? "rp-" + jobId : null, 1, 100, 50, skipped, warned ? 2_500 : 0));

                BackupJob after = job(jobId);
                String what = outcome + " after " + stage;
                assertThat(after.status()).as(what).isEqualTo(JobStatus.of(outcome));
                assertThat(after.status().outcome()).as(what).isEqualTo(outcome);
                assertThat(after.status().finished()).as(what).isTrue();
                assertThat(after.statusLabel()).as("the grid's and page's status, " + what)
                        .isEqualTo(JobStatus.of(outcome).label());
                assertThat(JobsGrid.status(after).getText()).as(what).isEqualTo(JobStatus.of(outcome).label());
                assertThat(after.stage()).as("a failed or cancelled job keeps where it stopped, " + what)
                        .isEqualTo(outcome.succeeded() ? JobStage.DONE : stage);
                assertThat(after.detail()).as(what).isEqualTo(what);
                assertThat(after.reportNotStored()).as(what).isFalse();
                assertThat(runAs(security, Role.READER, () -> jobs.skippedItems(after.id()))).as(what)
                        .isEqualTo(skipped);
                assertThat(after.skippedNotListed()).as(what).isEqualTo(warned ? 2_500 : 0);
            }
        }
        assertThat(JobStatus.values()).extracting(JobStatus::outcome).filteredOn(java.util.Objects::nonNull)
                .containsExactly(JobOutcome.values());
    }

    @Test
    void aReportTheConsoleCannotStoreIsSaidOnTheJobWhichNeverShowsStalledAndTheResendSettlesIt() {
        var vault = vaults.create("unstored");
        agent = SimulatedAgent.enroll(fleet, vault.id(), "unstored", port, CLOCK).connect();
        String jobId = running(JobStage.UPLOAD);
        // the database refuses this one report (as a full disk or a broken constraint would)
        jdbc.sql("alter table backup_job_skipped_item add constraint test_refuses check (reason <> 'refuse me')").update();
        JobFinished result = new JobFinished(UUID.randomUUID().toString(), jobId, JobOutcome.COMPLETED_WITH_WARNINGS,
                "1 path(s) not backed up", "rp-1", 3, 300, 200, List.of(new SkippedItem("/srv/x", "refuse me")), 0);

        assertThat(agent.offer(result)).isInstanceOfSatisfying(ErrorReply.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.message()).contains("could not store this report").contains("send it again");
        });

        BackupJob refused = job(jobId);
        assertThat(refused.reportNotStored()).isTrue();
        assertThat(refused.statusLabel()).isEqualTo("Reported, not stored");
        assertThat(refused.reportProblem()).contains("reported this job completed with warnings (1 item(s) skipped)")
                .contains("could not store the report").containsIgnoringCase("TEST_REFUSES")
                .doesNotContain("SQL statement");
        // hours without news: the agent did report, so the job is neither stalled nor failed as stalled
        CLOCK.advance(Duration.ofHours(3));
        watch.sweep();
        BackupJob later = job(jobId);
        assertThat(later.stalled()).isFalse();
        assertThat(later.status()).isEqualTo(JobStatus.IN_PROGRESS);

        jdbc.sql("alter table backup_job_skipped_item drop constraint test_refuses").update();
        agent.connect();
        assertThat(agent.offer(result)).isEqualTo(new Delivered(result.deliveryId()));
        BackupJob settled = job(jobId);
        assertThat(settled.status()).isEqualTo(JobStatus.COMPLETED_WITH_WARNINGS);
        assertThat(settled.reportNotStored()).isFalse();
        assertThat(settled.statusLabel()).isEqualTo("Completed with warnings");
        assertThat(runAs(security, Role.READER, () -> jobs.skippedItems(settled.id())))
                .containsExactly(new SkippedItem("/srv/x", "refuse me"));
    }

    @Test
    void theJobPageListsTheSkippedItemsWithTheCountOfTheRestAndSaysWhatCouldNotBeStored() {
        var vault = vaults.create("jobpage");
        agent = SimulatedAgent.enroll(fleet, vault.id(), "jobpage", port, CLOCK).connect();
        String warned = running(JobStage.UPLOAD);
        agent.deliver(new JobFinished(UUID.randomUUID().toString(), warned, JobOutcome.COMPLETED_WITH_WARNINGS,
                "3 path(s) not backed up", "rp-3", 1, 1, 1, List.of(new SkippedItem("/srv/gone", "does not exist"),
                        new SkippedItem("D:\\Mail\\archive.pst", "access denied"),
                        new SkippedItem("/srv/<b>odd</b>", "name & reason kept as text")), 1_200));
        String unstored = running(JobStage.WAITING_FOR_STORAGE);
        jdbc.sql("alter table backup_job_skipped_item add constraint test_refuses check (reason <> 'refuse on the page')")
                .update();
        assertThat(agent.offer(new JobFinished(UUID.randomUUID().toString(), unstored,
                JobOutcome.COMPLETED_WITH_WARNINGS, "", "rp-4", 1, 1, 1,
                List.of(new SkippedItem("/x", "refuse on the page")), 0)))
                .isInstanceOf(ErrorReply.class);

        try (Browser browser = Browser.start("http://127.0.0.1:" + port + "/")) {
            LoginPage.open(browser).signIn("admin", ConsoleTest.ADMIN_PASSWORD);
            browser.open("jobs/" + warned);
            JobDetailPage page = JobDetailPage.expect(browser);
            assertThat(page.status()).isEqualTo("Completed with warnings");
            assertThat(page.skippedItems()).containsExactly("/srv/gone — does not exist",
                    "D:\\Mail\\archive.pst — access denied", "/srv/<b>odd</b> — name & reason kept as text");
            assertThat(browser.driver().findElement(By.cssSelector("#job-skipped .skipped-more")).getText())
                    .isEqualTo("and 1200 more not listed");
            assertThat(page.reportProblem()).isEmpty();

            browser.open("jobs/" + unstored);
            JobDetailPage problem = JobDetailPage.expect(browser);
            assertThat(problem.status()).isEqualTo("Reported, not stored");
            assertThat(problem.reportProblem()).contains("could not store the report")
                    .contains("sends it again");
            assertThat(problem.currentStage()).contains("WAITING_FOR_STORAGE");
            assertThat(problem.skippedItems()).isEmpty();
        }
    }

    @Test
    void aResultWithAnOutcomeThisConsoleDoesNotKnowIsRefusedByNameAndSaidOnTheJob() {
        var vault = vaults.create("newer");
        agent = SimulatedAgent.enroll(fleet, vault.id(), "newer", port, CLOCK).connect();
        String jobId = running(JobStage.SNAPSHOT);
        String deliveryId = UUID.randomUUID().toString();
        agent.sendRaw("{\"v\":1,\"type\":\"job-finished\",\"id\":\"" + deliveryId + "\",\"replyTo\":null,"
                + "\"payload\":{\"deliveryId\":\"" + deliveryId + "\",\"jobId\":\"" + jobId + "\","
                + "\"outcome\":\"PARTIALLY_COMPLETED\",\"detail\":\"\",\"recoveryPointId\":null,\"filesDone\":1,"
                + "\"bytesDone\":1,\"bytesTransferred\":1}}");

        assertThat(agent.answerTo(deliveryId)).isInstanceOfSatisfying(ErrorReply.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
            assertThat(e.message()).contains("PARTIALLY_COMPLETED");
        });
        BackupJob job = job(jobId);
        assertThat(job.statusLabel()).isEqualTo("Reported, not stored");
        assertThat(job.reportProblem()).contains("could not read the report").contains("PARTIALLY_COMPLETED");

        // the agent's real result, once it can be read, settles the job and the notice goes
        agent.deliver(new JobFinished(deliveryId, jobId, JobOutcome.COMPLETED, "", "rp-5", 1, 1, 1));
        assertThat(job(jobId).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job(jobId).reportNotStored()).isFalse();
        // a settled job is not marked again by a late unreadable copy
        agent.sendRaw("{\"v\":1,\"type\":\"job-finished\",\"id\":\"late-copy\",\"replyTo\":null,"
                + "\"payload\":{\"jobId\":\"" + jobId + "\",\"outcome\":\"PARTIALLY_COMPLETED\"}}");
        assertThat(agent.answerTo("late-copy")).isInstanceOf(ErrorReply.class);
        assertThat(job(jobId).reportNotStored()).isFalse();
    }

    @Test
    void textADatabaseWouldRefuseIsStoredReadably() {
        var vault = vaults.create("oddtext");
        agent = SimulatedAgent.enroll(fleet, vault.id(), "oddtext", port, CLOCK).connect();
        String jobId = running(JobStage.FINALIZE);
        agent.deliver(new JobFinished(UUID.randomUUID().toString(), jobId, JobOutcome.COMPLETED_WITH_WARNINGS,
                "nul\u0000in detail", "rp-2", 1, 1, 1, List.of(new SkippedItem("/srv/a\u0000b", "odd\u0000name")), 0));
        assertThat(job(jobId).detail()).isEqualTo("nul\uFFFDin detail");
        assertThat(runAs(security, Role.READER, () -> jobs.skippedItems(UUID.fromString(jobId))))
                .containsExactly(new SkippedItem("/srv/a\uFFFDb", "odd\uFFFDname"));
    }
}
