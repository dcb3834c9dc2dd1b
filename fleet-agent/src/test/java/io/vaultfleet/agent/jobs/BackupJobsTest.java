package io.vaultfleet.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.protocol.SkippedItem;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.JobStarted;
import io.vaultfleet.protocol.Message;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.policy.AgentPolicy;
import io.vaultfleet.protocol.policy.BackupSchedule;

/**
 * Jobs run as real child processes: a small shell script stands in for {@code fleet-agent backup --json} and prints
 * what the real one prints (stage, progress and catalog lines), so cancel and restart recovery stop real processes.
 */
class BackupJobsTest {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private final List<JobProgress> progress = new CopyOnWriteArrayList<>();
    private final List<Process> started = new CopyOnWriteArrayList<>();
    private Outbox outbox;
    private BackupJobs jobs;

    @BeforeEach
    void setUp() {
        outbox = Outbox.in(home);
    }

    @AfterEach
    void tearDown() {
        if (jobs != null) {
            jobs.close();
        }
        started.forEach(Process::destroyForcibly);
    }

    /** A stand-in agent whose {@code backup} runs {@code script} (the job's arguments follow as $1…). */
    private BackupJobs jobsRunning(String script, Duration keepAlive) throws Exception {
        Path file = home.resolve("fake-agent.sh");
        Files.writeString(file, script);
        jobs = new BackupJobs(List.of("sh", file.toString()), home, outbox, progress::add, keepAlive);
        return jobs;
    }

    private static BackupNow request(String jobId) {
        return new BackupNow(jobId, "SYSTEM_CONFIGURATION", List.of());
    }

    private List<JobFinished> results() {
        return outbox.pending().stream().map(p -> new ProtocolCodec().decodeFromAgent(p.frame()).message())
                .filter(JobFinished.class::isInstance).map(JobFinished.class::cast).toList();
    }

    private JobFinished awaitResult() {
        return awaitResults(1).getFirst();
    }

    private List<JobFinished> awaitResults(int count) {
        return await("%d job result(s)".formatted(count)).atMost(WITHIN).until(this::results, r -> r.size() >= count);
    }

    private void awaitProgress(String stage) {
        await("stage " + stage + " reported").atMost(WITHIN)
                .until(() -> progress.stream().anyMatch(p -> p.stage().name().equals(stage)));
    }

    @Test
    void aJobReportsItsStagesAndItsRecoveryPoint() throws Exception {
        jobsRunning("""
                echo '{"type":"stage","stage":"SNAPSHOT"}'
                echo '{"type":"stage","stage":"UPLOAD"}'
                echo '{"type":"progress","filesDone":3,"bytesDone":300,"totalsKnown":true,"bytesTotal":300,"bytesPerSecond":100}'
                echo '{"type":"catalog","recoveryPointId":"rp-1","storedBytesAdded":120}'
                echo '{"type":"stage","stage":"FINALIZE"}'
                """, BackupJobs.KEEP_ALIVE).start(request("job-1"));

        JobFinished result = awaitResult();

        assertThat(result.outcome()).isEqualTo(JobOutcome.COMPLETED);
        assertThat(result.recoveryPointId()).isEqualTo("rp-1");
        assertThat(result.filesDone()).isEqualTo(3);
        assertThat(result.bytesTransferred()).isEqualTo(120);
        assertThat(progress).extracting(JobProgress::stage).containsSubsequence(JobStage.PRECHECK, JobStage.SNAPSHOT,
                JobStage.UPLOAD, JobStage.FINALIZE);
        assertThat(home.resolve("jobs")).isEmptyDirectory();
    }

    @Test
    void skippedPathsMakeACompletedWithWarningsResultListingThemWithTheirReasons() throws Exception {
        jobsRunning("""
                echo '{"type":"stage","stage":"UPLOAD"}'
                echo '{"type":"warning","path":"/srv/missing","message":"does not exist"}'
                echo 'a line the JVM printed, not an event'
                echo '{"type":"warning","path":"/srv/locked.db","message":"access denied"}'
                echo '{"type":"stage","stage":"WAITING_FOR_STORAGE"}'
                echo '{"type":"progress","filesDone":1,"bytesDone":10,"totalsKnown":false,"bytesTotal":0}'
                echo '{"type":"catalog","recoveryPointId":"rp-w","storedBytesAdded":5,"packIds":[]}'
                echo '{"type":"summary","command":"backup","exitCode":3,"detail":{"files":1}}'
                exit 3
                """, BackupJobs.KEEP_ALIVE).start(request("job-w"));

        JobFinished result = awaitResult();

        assertThat(result.outcome()).isEqualTo(JobOutcome.COMPLETED_WITH_WARNINGS);
        assertThat(result.recoveryPointId()).isEqualTo("rp-w");
        assertThat(result.skipped()).containsExactly(new SkippedItem("/srv/missing", "does not exist"),
                new SkippedItem("/srv/locked.db", "access denied"));
        assertThat(result.skippedNotListed()).isZero();
        assertThat(result.detail()).startsWith("2 path(s) not backed up: /srv/missing: does not exist");
        // progress while waiting for storage keeps that stage: it is what the job page shows
        assertThat(progress).extracting(JobProgress::stage).contains(JobStage.WAITING_FOR_STORAGE)
                .filteredOn(st -> st == JobStage.UPLOAD).isNotEmpty();
        assertThat(progress).filteredOn(p -> p.filesDone() == 1 && p.bytesTotal() == -1).first()
                .extracting(JobProgress::stage).isEqualTo(JobStage.WAITING_FOR_STORAGE);
    }

    @Test
    void aBackupSkippingThousandsOfPathsListsTheFirstThousandAndCountsTheRest() throws Exception {
        jobsRunning("""
                i=0
                while [ $i -lt 2500 ]; do
                  echo '{"type":"warning","path":"/srv/f'$i'","message":"access denied"}'
                  i=$((i+1))
                done
                echo '{"type":"catalog","recoveryPointId":"rp-many","storedBytesAdded":5}'
                exit 3
                """, BackupJobs.KEEP_ALIVE).start(request("job-many"));

        JobFinished result = awaitResult();

        assertThat(result.outcome()).isEqualTo(JobOutcome.COMPLETED_WITH_WARNINGS);
        assertThat(result.skipped()).hasSize(JobFinished.MAX_SKIPPED_LISTED).first()
                .isEqualTo(new SkippedItem("/srv/f0", "access denied"));
        assertThat(result.skippedNotListed()).isEqualTo(1_500);
        assertThat(result.skippedCount()).isEqualTo(2_500);
    }

    @Test
    void aStageOutsideTheVocabularyIsIgnoredAndTheJobStillEnds() throws Exception {
        jobsRunning("""
                echo '{"type":"stage","stage":"DEFRAGMENT"}'
                echo '{"type":"stage","stage":"DONE"}'
                echo '{"type":"catalog","recoveryPointId":"rp-odd","storedBytesAdded":1}'
                """, BackupJobs.KEEP_ALIVE).start(request("job-odd"));

        JobFinished result = awaitResult();

        assertThat(result.outcome()).isEqualTo(JobOutcome.COMPLETED);
        assertThat(progress).extracting(JobProgress::stage).allMatch(JobStage::reportedByAgent);
    }

    @Test
    void cancelStopsTheRunningProcessAndReportsCancelled() throws Exception {
        jobsRunning("""
                echo '{"type":"stage","stage":"UPLOAD"}'
                echo "$$" > "$4/child.pid"
                sleep 120
                echo '{"type":"catalog","recoveryPointId":"too-late","storedBytesAdded":1}'
                """, BackupJobs.KEEP_ALIVE).start(request("job-2"));
        awaitProgress("UPLOAD");
        await("the child wrote its pid").atMost(WITHIN).until(() -> Files.exists(home.resolve("child.pid")));
        long pid = Long.parseLong(Files.readString(home.resolve("child.pid")).strip());

        assertThat(jobs.cancel("job-2", "ops@example.com")).isTrue();
        JobFinished result = awaitResult();

        assertThat(result.outcome()).isEqualTo(JobOutcome.CANCELLED);
        assertThat(result.detail()).contains("cancelled by ops@example.com during upload").contains("no recovery point");
        assertThat(result.recoveryPointId()).isNull();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(jobs.cancel("job-2", "ops@example.com")).as("nothing left to cancel").isFalse();
    }

    @Test
    void aSecondBackupOfTheSameItemIsRefusedWhileTheFirstRuns() throws Exception {
        jobsRunning("""
                echo '{"type":"stage","stage":"UPLOAD"}'
                sleep 120
                """, BackupJobs.KEEP_ALIVE);
        jobs.start(request("first"));
        awaitProgress("UPLOAD");

        jobs.start(request("second"));
        JobFinished refusal = awaitResult();

        assertThat(refusal.jobId()).isEqualTo("second");
        assertThat(refusal.outcome()).isEqualTo(JobOutcome.FAILED);
        assertThat(refusal.detail()).contains("already running");
        jobs.cancel("first", "");
        assertThat(awaitResults(2)).as("the first job ends once cancelled").extracting(JobFinished::jobId, JobFinished::outcome)
                .contains(org.assertj.core.groups.Tuple.tuple("first", JobOutcome.CANCELLED));
    }

    @Test
    void aBackUpNowReceivedAgainRunsItsJobOnceWhetherItStillRunsOrHasEnded() throws Exception {
        jobsRunning("""
                echo "$@" >> "$(dirname "$0")/runs.txt"
                echo '{"type":"stage","stage":"UPLOAD"}'
                sleep 1
                echo '{"type":"catalog","recoveryPointId":"rp-once","storedBytesAdded":1}'
                """, BackupJobs.KEEP_ALIVE);
        jobs.start(request("sent-twice"));
        awaitProgress("UPLOAD");
        jobs.start(request("sent-twice")); // a console node sent it again while it runs (docs/decisions/031)
        assertThat(awaitResult()).satisfies(r -> {
            assertThat(r.jobId()).isEqualTo("sent-twice");
            assertThat(r.outcome()).as(r.detail()).isEqualTo(JobOutcome.COMPLETED);
        });
        jobs.start(request("sent-twice")); // and again after it ended
        jobs.start(request("another"));
        List<JobFinished> both = awaitResults(2);
        assertThat(both).extracting(JobFinished::jobId).containsExactly("sent-twice", "another");
        assertThat(Files.readAllLines(home.resolve("runs.txt"))).as("backup processes started").hasSize(2);
        assertThat(results()).as("no refusal of the repeated request").hasSize(2);
    }

    @Test
    void aQuietJobRepeatsItsLastProgressSoTheConsoleKnowsItIsAlive() throws Exception {
        jobsRunning("""
                echo '{"type":"stage","stage":"PRECHECK"}'
                sleep 120
                """, Duration.ofMillis(50)).start(request("quiet"));
        await("the last progress repeated").atMost(WITHIN)
                .until(() -> progress.stream().filter(p -> p.stage() == JobStage.PRECHECK).count() >= 5);
        assertThat(progress).allMatch(p -> p.jobId().equals("quiet"));
        jobs.cancel("quiet", "");
        assertThat(awaitResult().outcome()).isEqualTo(JobOutcome.CANCELLED);
    }

    @Test
    void aJobInterruptedByAnAgentRestartIsStoppedAndReportedOnce() throws Exception {
        // what an agent killed mid-job leaves: the job's marker and its orphaned backup process
        Process orphan = new ProcessBuilder("sh", "-c", "sleep 120; true", "fleet-agent", "backup", "--json")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        started.add(orphan);
        Process unrelated = new ProcessBuilder("sleep", "120")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        started.add(unrelated);
        Files.createDirectories(home.resolve("jobs"));
        Files.writeString(home.resolve("jobs/lost-1.json"), """
                {"jobId":"lost-1","item":"SYSTEM_STATE","pid":%d,"startedAt":"%s"}""".formatted(orphan.pid(), Instant.now()));
        Files.writeString(home.resolve("jobs/lost-2.json"), """
                {"jobId":"lost-2","item":"FILES_AND_FOLDERS","pid":%d,"startedAt":"%s"}""".formatted(unrelated.pid(), Instant.now()));
        jobsRunning("exit 0", BackupJobs.KEEP_ALIVE);

        jobs.reconcileInterrupted();
        jobs.reconcileInterrupted();

        assertThat(orphan.waitFor(15, TimeUnit.SECONDS)).as("the orphaned backup is stopped").isTrue();
        assertThat(unrelated.isAlive()).as("a reused pid of another program is left alone").isTrue();
        assertThat(results()).extracting(JobFinished::jobId).containsExactlyInAnyOrder("lost-1", "lost-2");
        assertThat(results()).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(JobOutcome.FAILED);
            assertThat(r.detail()).startsWith("interrupted: the agent stopped while this job ran");
        });
        assertThat(home.resolve("jobs")).isEmptyDirectory();
    }

    @Test
    void aResultQueuedTwiceKeepsOneDeliveryId() throws Exception {
        Files.createDirectories(home.resolve("jobs"));
        String marker = """
                {"jobId":"twice","item":"SYSTEM_STATE","pid":0,"startedAt":"%s"}""".formatted(Instant.now());
        Files.writeString(home.resolve("jobs/twice.json"), marker);
        jobsRunning("exit 0", BackupJobs.KEEP_ALIVE).reconcileInterrupted();
        Files.writeString(home.resolve("jobs/twice.json"), marker);
        jobs.reconcileInterrupted();

        assertThat(results()).hasSize(2);
        assertThat(results()).extracting(JobFinished::deliveryId).containsOnly(results().getFirst().deliveryId());
    }

    @Test
    void aScheduledJobIsAnnouncedFirstAndASecondTriggerWhileItRunsIsRefusedWithTheReason() throws Exception {
        AgentPolicy policy = new AgentPolicy("p1", "Nightly", List.of("FILES_AND_FOLDERS"), List.of("/srv"),
                List.of("*.tmp"), BackupSchedule.daily("UTC", "21:00"), null);
        Instant at = Instant.parse("2026-11-25T21:00:00Z");
        jobsRunning("""
                echo '{"type":"stage","stage":"UPLOAD"}'
                sleep 120
                """, BackupJobs.KEEP_ALIVE);
        String running = jobs.startScheduled(policy, "FILES_AND_FOLDERS", at);
        String refused = jobs.startScheduled(policy, "FILES_AND_FOLDERS", at);
        awaitResult();

        List<Message> queued = outbox.pending().stream()
                .map(p -> new ProtocolCodec().decodeFromAgent(p.frame()).message()).toList();
        assertThat(queued).hasSize(3);
        assertThat(queued.get(0)).isInstanceOfSatisfying(JobStarted.class, s -> {
            assertThat(s.jobId()).isEqualTo(running);
            assertThat(s.trigger()).isEqualTo("SCHEDULED");
            assertThat(s.scheduledFor()).isEqualTo(at);
            assertThat(s.policyHash()).isEqualTo(policy.hash());
        });
        assertThat(queued.get(1)).isInstanceOfSatisfying(JobStarted.class, s -> assertThat(s.jobId()).isEqualTo(refused));
        assertThat(queued.get(2)).isInstanceOfSatisfying(JobFinished.class, f -> {
            assertThat(f.jobId()).isEqualTo(refused);
            assertThat(f.outcome()).isEqualTo(JobOutcome.FAILED);
            assertThat(f.detail()).contains("a backup of FILES_AND_FOLDERS is already running");
        });
        jobs.cancel(running, "");
        assertThat(awaitResults(2)).as("the running scheduled job ends once cancelled")
                .extracting(JobFinished::jobId, JobFinished::outcome)
                .contains(org.assertj.core.groups.Tuple.tuple(running, JobOutcome.CANCELLED));
    }
    /**
     * A stand-in agent whose {@code standby} runs {@code standby} (after which it reads the job's line as the real one
     * does) and whose {@code backup} says its recovery point is "cold".
     */
    private BackupJobs jobsWithStandby(String standby) throws Exception {
        return jobsRunning("""
                if [ "$1" = standby ]; then
                %s
                  IFS= read -r line || exit 0
                  printf '%%s\n' "$line" > "$3/standby-$$.args"
                  echo '{"type":"stage","stage":"UPLOAD"}'
                  echo '{"type":"catalog","recoveryPointId":"warm-'$$'","storedBytesAdded":7}'
                  exit 0
                fi
                echo '{"type":"catalog","recoveryPointId":"cold","storedBytesAdded":7}'
                """.formatted(standby), BackupJobs.KEEP_ALIVE);
    }

    private long awaitStandby(long other) {
        return await("a standby process ready").atMost(WITHIN)
                .until(jobs::standbyPid, pid -> pid.isPresent() && pid.getAsLong() != other).getAsLong();
    }

    /** The pid of the standby process the stand-in agent started (it writes it first), once it did. */
    private long awaitStandbyStarted() throws Exception {
        Path attempt = home.resolve("standby-attempt");
        await("a standby process started").atMost(WITHIN).until(() -> Files.exists(attempt)
                && !Files.readString(attempt).isBlank());
        return Long.parseLong(Files.readString(attempt).strip());
    }

    @Test
    void aWarmStandbyRunsTheNextJobAndANewOneIsStartedAfterIt() throws Exception {
        jobsWithStandby("  echo '{\"type\":\"standby-ready\"}'");
        jobs.keepStandby(Duration.ZERO, Duration.ofMillis(100));
        long standby = awaitStandby(-1);

        jobs.start(new BackupNow("warm-job", "FILES_AND_FOLDERS", List.of("/srv/data", "/srv/with space")));
        JobFinished result = awaitResult();

        assertThat(result.outcome()).isEqualTo(JobOutcome.COMPLETED);
        assertThat(result.recoveryPointId()).isEqualTo("warm-" + standby);
        assertThat(Files.readString(home.resolve("standby-" + standby + ".args")).strip()).isEqualTo(
                "[\"backup\",\"--json\",\"--home\",\"" + home + "\",\"--\",\"/srv/data\",\"/srv/with space\"]");
        assertThat(home.resolve("jobs")).isEmptyDirectory();
        long next = awaitStandby(standby);
        assertThat(next).isNotEqualTo(standby);
        assertThat(ProcessHandle.of(standby).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aStandbyThatFailsItsWarmUpIsNotUsedAndTheJobRunsInAProcessOfItsOwn() throws Exception {
        jobsWithStandby("  echo $$ > \"$3/standby-attempt\"; echo 'fleet-agent standby: warm-up failed: disk full' >&2; exit 1");
        jobs.keepStandby(Duration.ZERO, Duration.ofMillis(100));
        long failed = awaitStandbyStarted();
        await("the failed standby ended").atMost(WITHIN)
                .until(() -> ProcessHandle.of(failed).map(p -> !p.isAlive()).orElse(true));
        assertThat(jobs.standbyPid()).isEmpty();

        jobs.start(request("after-failed-standby"));

        assertThat(awaitResult().recoveryPointId()).isEqualTo("cold");
    }

    @Test
    void aJobArrivingDuringTheWarmUpDoesNotWaitForIt() throws Exception {
        jobsWithStandby("  echo $$ > \"$3/standby-attempt\"; sleep 120");
        jobs.keepStandby(Duration.ZERO, Duration.ofMillis(100));
        long warming = awaitStandbyStarted();
        assertThat(ProcessHandle.of(warming).map(ProcessHandle::isAlive)).as("still warming up").contains(true);

        jobs.start(request("during-warm-up"));

        assertThat(awaitResult().recoveryPointId()).isEqualTo("cold");
    }

    @Test
    void closingTheServiceStopsAnIdleStandby() throws Exception {
        jobsWithStandby("  echo '{\"type\":\"standby-ready\"}'");
        jobs.keepStandby(Duration.ZERO, Duration.ofMillis(100));
        ProcessHandle handle = ProcessHandle.of(awaitStandby(-1)).orElseThrow();

        jobs.close();

        assertThat(handle.isAlive()).as("stopped before close returns").isFalse();
    }

    @Test
    void anInterruptedJobOfAStandbyProcessIsRecognisedByItsStartInstant() throws Exception {
        // a standby process started long before its job, with a command line that says nothing of "backup"
        Process orphan = new ProcessBuilder("sleep", "121")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        started.add(orphan);
        Process unrelated = new ProcessBuilder("sleep", "122")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        started.add(unrelated);
        Instant orphanStart = orphan.info().startInstant().orElseThrow();
        Files.createDirectories(home.resolve("jobs"));
        Files.writeString(home.resolve("jobs/lost-3.json"), """
                {"jobId":"lost-3","item":"FILES_AND_FOLDERS","pid":%d,"startedAt":"%s","processStartedAt":"%s"}"""
                .formatted(orphan.pid(), Instant.now(), orphanStart));
        // the same pid, but a process that started at another time: not the one the marker names
        Files.writeString(home.resolve("jobs/lost-4.json"), """
                {"jobId":"lost-4","item":"SYSTEM_STATE","pid":%d,"startedAt":"%s","processStartedAt":"%s"}"""
                .formatted(unrelated.pid(), Instant.now(), orphanStart.minusSeconds(3600)));
        jobsRunning("exit 0", BackupJobs.KEEP_ALIVE);

        jobs.reconcileInterrupted();

        assertThat(orphan.waitFor(15, TimeUnit.SECONDS)).as("the standby's orphaned backup is stopped").isTrue();
        assertThat(unrelated.isAlive()).as("a reused pid is left alone").isTrue();
        assertThat(results()).extracting(JobFinished::jobId).containsExactlyInAnyOrder("lost-3", "lost-4");
    }
}
