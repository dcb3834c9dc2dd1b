package io.vaultfleet.console.jobs;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.bean.override.convention.TestBean;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.OffsetClock;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.CancelJob;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.JobStage;

/**
 * Back Up Now on several servers, Cancel, and jobs whose agent goes quiet, with agents speaking the real protocol
 * and a clock the test moves.
 */
@ConsoleTest
class JobControlTest {
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
    SecurityContextHolderStrategy security;

    private final List<SimulatedAgent> agents = new java.util.ArrayList<>();

    @AfterEach
    void tearDown() {
        agents.forEach(SimulatedAgent::close);
        CLOCK.reset();
    }

    private SimulatedAgent agent(UUID vaultId, String name) {
        SimulatedAgent agent = SimulatedAgent.enroll(fleet, vaultId, name, port, CLOCK);
        agents.add(agent);
        return agent;
    }

    private void awaitOnline(SimulatedAgent... online) {
        await().atMost(Duration.ofSeconds(10)).until(() -> List.of(online).stream().allMatch(a ->
                runAs(security, Role.READER, () -> fleet.find(a.id())).orElseThrow().status()
                        == io.vaultfleet.console.fleet.ServerStatus.ONLINE));
    }

    private BackupJob job(UUID id) {
        return runAs(security, Role.READER, () -> jobs.find(id)).orElseThrow();
    }

    @Test
    void backUpNowOnSeveralServersSendsEachItsOwnJobAndSaysWhyTheOthersDidNot() {
        var vault = vaults.create("many");
        SimulatedAgent a = agent(vault.id(), "web").connect();
        SimulatedAgent b = agent(vault.id(), "db").connect();
        SimulatedAgent offline = agent(vault.id(), "asleep");
        awaitOnline(a, b);
        LocalDate keepTill = LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC).plusDays(90);

        List<BackupJob> started = runAs(security, Role.OPERATOR, () ->
                jobs.backUpNow(List.of(a.id(), b.id(), offline.id()), "SYSTEM_CONFIGURATION", List.of(), keepTill));

        assertThat(started).extracting(BackupJob::serverId).containsExactly(a.id(), b.id(), offline.id());
        assertThat(started).extracting(BackupJob::retainUntil).containsOnly(keepTill);
        BackupNow toA = a.next(BackupNow.class);
        BackupNow toB = b.next(BackupNow.class);
        assertThat(toA.jobId()).isEqualTo(started.get(0).id().toString());
        assertThat(toB.jobId()).isEqualTo(started.get(1).id().toString());
        assertThat(toA.item()).isEqualTo("SYSTEM_CONFIGURATION");
        assertThat(started.get(0).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(started.get(2).status()).isEqualTo(JobStatus.FAILED);
        assertThat(started.get(2).detail()).contains("is offline");

        // a whole vault: every registered server that backs up the item gets a job (these are Windows servers)
        List<BackupJob> vaultWide = runAs(security, Role.OPERATOR, () ->
                jobs.backUpVault(vault.id(), "SYSTEM_STATE", List.of(), null));
        assertThat(vaultWide).extracting(BackupJob::serverId).containsExactlyInAnyOrder(a.id(), b.id(), offline.id());
        assertThat(vaultWide).extracting(BackupJob::retainUntil)
                .containsOnly(LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC).plusDays(JobService.DEFAULT_RETAIN_DAYS));
        assertThat(a.next(BackupNow.class).jobId()).isNotEqualTo(toA.jobId());
    }

    @Test
    void retainBackupTillMustBeInTheFutureAndWithinNinetyNineYears() {
        var vault = vaults.create("retain");
        SimulatedAgent a = agent(vault.id(), "keep");
        LocalDate today = LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
        assertThatThrownBy(() -> runAs(security, Role.OPERATOR, () ->
                jobs.backUpNow(List.of(a.id()), "SYSTEM_CONFIGURATION", List.of(), today)))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.problem("retainUntil")).startsWith("Retain backup till must be a day after today"));
        assertThatThrownBy(() -> runAs(security, Role.OPERATOR, () ->
                jobs.backUpNow(List.of(a.id()), "SYSTEM_CONFIGURATION", List.of(), today.plusYears(100))))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.problem("retainUntil")).contains("at most 99 years"));
        assertThatThrownBy(() -> runAs(security, Role.OPERATOR, () ->
                jobs.backUpNow(List.of(), "SYSTEM_CONFIGURATION", List.of(), null)))
                .hasMessageContaining("Select at least one server");
    }

    @Test
    void cancelReachesTheAgentAndItsAnswerEndsTheJob() {
        var vault = vaults.create("cancel");
        SimulatedAgent agent = agent(vault.id(), "busy").connect();
        awaitOnline(agent);
        BackupJob job = runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "SYSTEM_CONFIGURATION", List.of()));
        agent.next(BackupNow.class);
        agent.send(new JobProgress(job.id().toString(), JobStage.UPLOAD, 10, 1_000, 10_000, 500));
        await().atMost(Duration.ofSeconds(10)).until(() -> job(job.id()).status() == JobStatus.IN_PROGRESS);

        BackupJob cancelling = runAs(security, "ops-1", Role.OPERATOR, () -> jobs.cancel(job.id()));

        assertThat(cancelling.statusLabel()).isEqualTo("Cancelling");
        assertThat(cancelling.cancelRequestedBy()).isEqualTo("ops-1");
        CancelJob cancel = agent.next(CancelJob.class);
        assertThat(cancel).isEqualTo(new CancelJob(job.id().toString(), "ops-1"));
        agent.send(new JobFinished(UUID.randomUUID().toString(), job.id().toString(), JobOutcome.CANCELLED,
                "cancelled by ops-1 during upload", null, 10, 1_000, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> job(job.id()).status() == JobStatus.CANCELLED);
        assertThatThrownBy(() -> runAs(security, Role.OPERATOR, () -> jobs.cancel(job.id())))
                .hasMessageContaining("already ended (Cancelled)");
        assertThatThrownBy(() -> runAs(security, Role.READER, () -> jobs.cancel(job.id())))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
    }

    @Test
    void theFirstCompletedBackupIsTheServersInitialBackup() {
        var vault = vaults.create("initial");
        SimulatedAgent agent = agent(vault.id(), "first").connect();
        awaitOnline(agent);
        assertThat(runAs(security, Role.READER, () -> jobs.initialBackup(agent.id()))).isEmpty();
        BackupJob failed = runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "SYSTEM_CONFIGURATION", List.of()));
        agent.next(BackupNow.class);
        agent.send(new JobFinished(UUID.randomUUID().toString(), failed.id().toString(), JobOutcome.FAILED, "disk full", null, 0, 0, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> job(failed.id()).status() == JobStatus.FAILED);
        assertThat(runAs(security, Role.READER, () -> jobs.initialBackup(agent.id()))).isEmpty();

        BackupJob done = runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "SYSTEM_CONFIGURATION", List.of()));
        agent.next(BackupNow.class);
        agent.send(new JobFinished(UUID.randomUUID().toString(), done.id().toString(), JobOutcome.COMPLETED, "", "rp-1", 5, 500, 300));
        await().atMost(Duration.ofSeconds(10)).until(() -> job(done.id()).status() == JobStatus.COMPLETED);

        assertThat(runAs(security, Role.READER, () -> jobs.initialBackup(agent.id()))).map(BackupJob::id).hasValue(done.id());
    }

    @Test
    void aCancelAskedWhileTheAgentIsAwayIsDeliveredWhenItReconnects() {
        var vault = vaults.create("away");
        SimulatedAgent agent = agent(vault.id(), "roaming").connect();
        awaitOnline(agent);
        BackupJob job = runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "SYSTEM_CONFIGURATION", List.of()));
        agent.next(BackupNow.class);
        agent.disconnect();
        await().atMost(Duration.ofSeconds(10)).until(() -> runAs(security, Role.READER, () -> fleet.find(agent.id()))
                .orElseThrow().status() == io.vaultfleet.console.fleet.ServerStatus.OFFLINE);

        runAs(security, "ops-2", Role.OPERATOR, () -> jobs.cancel(job.id()));
        agent.connect();

        assertThat(agent.next(CancelJob.class).jobId()).isEqualTo(job.id().toString());
    }

    @Test
    void aJobWhoseAgentGoesQuietIsStalledThenFailedAndTheAgentsLateWordStillSettlesIt() {
        var vault = vaults.create("stall");
        SimulatedAgent agent = agent(vault.id(), "quiet").connect();
        awaitOnline(agent);
        BackupJob job = runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "SYSTEM_CONFIGURATION", List.of()));
        agent.next(BackupNow.class);
        agent.send(new JobProgress(job.id().toString(), JobStage.UPLOAD, 1, 100, 1_000, 50));
        await().atMost(Duration.ofSeconds(10)).until(() -> job(job.id()).status() == JobStatus.IN_PROGRESS);
        agent.disconnect();

        CLOCK.advance(Duration.ofMinutes(2));
        watch.sweep();
        assertThat(job(job.id()).stalled()).as("2 min of silence is not yet stalled").isFalse();

        CLOCK.advance(Duration.ofMinutes(2));
        watch.sweep();
        BackupJob stalled = job(job.id());
        assertThat(stalled.stalled()).isTrue();
        assertThat(stalled.statusLabel()).isEqualTo("Stalled");
        assertThat(stalled.status()).isEqualTo(JobStatus.IN_PROGRESS);

        CLOCK.advance(Duration.ofHours(1));
        watch.sweep();
        BackupJob failed = job(job.id());
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.detail()).startsWith("stalled: the agent stopped reporting on this job");
        assertThat(failed.endedAt()).isNotNull();

        // the agent comes back: its queued result is the job's real outcome
        agent.connect();
        agent.send(new JobFinished(UUID.randomUUID().toString(), job.id().toString(), JobOutcome.FAILED,
                "interrupted: the agent stopped while this job ran", null, 1, 100, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> job(job.id()).detail().startsWith("interrupted"));
        BackupJob settled = job(job.id());
        assertThat(settled.status()).isEqualTo(JobStatus.FAILED);
        assertThat(settled.stalled()).isFalse();
        assertThat(settled.detail()).endsWith("(reported by the agent after the console had failed the job as stalled)");
    }

    @Test
    void progressFromAStalledJobRevivesIt() {
        var vault = vaults.create("revive");
        SimulatedAgent agent = agent(vault.id(), "slow").connect();
        awaitOnline(agent);
        BackupJob job = runAs(security, Role.OPERATOR, () -> jobs.backUpNow(agent.id(), "SYSTEM_CONFIGURATION", List.of()));
        agent.next(BackupNow.class);
        CLOCK.advance(Duration.ofMinutes(5));
        watch.sweep();
        assertThat(job(job.id()).statusLabel()).isEqualTo("Stalled");
        agent.disconnect();
        agent.connect();

        agent.send(new JobProgress(job.id().toString(), JobStage.PRECHECK, 0, 0, -1, 0));

        await().atMost(Duration.ofSeconds(10)).until(() -> !job(job.id()).stalled());
        assertThat(job(job.id()).statusLabel()).isEqualTo("In progress");
    }

    @Test
    void theJobsListFiltersByVaultServerStatusAndTime() {
        var vault = vaults.create("filters");
        SimulatedAgent a = agent(vault.id(), "alpha");
        SimulatedAgent b = agent(vault.id(), "beta");
        runAs(security, Role.OPERATOR, () -> jobs.backUpNow(List.of(a.id(), b.id()), "SYSTEM_CONFIGURATION", List.of(), null));
        Instant now = CLOCK.instant();

        JobQuery inVault = new JobQuery(vault.id(), null, "", Set.of(), null, null);
        assertThat(runAs(security, Role.READER, () -> jobs.count(inVault))).isEqualTo(2);
        JobQuery alpha = new JobQuery(vault.id(), null, "ALPHA", Set.of(JobStatus.FAILED), now.minusSeconds(3600), null);
        assertThat(runAs(security, Role.READER, () -> jobs.list(alpha, 0, 10))).extracting(BackupJob::serverId)
                .containsExactly(a.id());
        JobQuery running = new JobQuery(vault.id(), null, "", Set.of(JobStatus.IN_PROGRESS), null, null);
        assertThat(runAs(security, Role.READER, () -> jobs.count(running))).isZero();
        JobQuery future = new JobQuery(vault.id(), null, "", Set.of(), now.plusSeconds(60), null);
        assertThat(runAs(security, Role.READER, () -> jobs.count(future))).isZero();
        JobQuery literal = new JobQuery(vault.id(), null, "%", Set.of(), null, null);
        assertThat(runAs(security, Role.READER, () -> jobs.count(literal))).as("% is a character, not a wildcard").isZero();
    }
}
