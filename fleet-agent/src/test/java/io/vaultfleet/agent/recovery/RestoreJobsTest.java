package io.vaultfleet.agent.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.SampleTree;
import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.FileOpener;
import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.agent.platform.CommandResult;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.restore.Restorer;
import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.agent.store.ForwardingStore;
import io.vaultfleet.agent.verify.Verifier;
import io.vaultfleet.protocol.ConflictPolicy;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.RecoveryMode;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RestoreStart;

/** Restore jobs: stages and results, cancel mid-restore, a backup in the middle of a restore, System State. */
class RestoreJobsTest {
    @TempDir
    Path work;

    private final List<JobProgress> progress = new CopyOnWriteArrayList<>();
    private final AtomicInteger packReads = new AtomicInteger();
    /** Pack reads after the first wait for this (a restore held in its middle). */
    private final CountDownLatch gate = new CountDownLatch(1);
    private volatile boolean gated;
    private RestoreJobs jobs;
    private RecoverySessions sessions;
    private final List<String> wbadmin = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        gate.countDown();
        if (jobs != null) {
            jobs.close();
        }
    }

    /** A repository with the source backed up; sessions open it through a store whose pack reads the test can hold. */
    private Repository backUp(Path source) throws Exception {
        Repository repo = Repository.init(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE,
                RoundTripScenario.CHEAP_KDF, "h");
        new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run();
        return repo;
    }

    private void startJobs(boolean windows) {
        sessions = new RecoverySessions(data -> new byte[64], () -> Repository.open(heldStore(),
                RoundTripScenario.PASSPHRASE), location -> heldStore(), Clock.systemUTC());
        jobs = new RestoreJobs(sessions, new Outbox(work.resolve("outbox")), progress::add,
                new SystemStateJobStep((command, lines) -> {
                    wbadmin.add(command.display());
                    // wbadmin's answers as recorded on Windows Server (this machine has no wbadmin)
                    byte[] out = command.display().contains("get versions") ? recorded("get-versions.txt")
                            : "The operation completed successfully.".getBytes();
                    return new CommandResult(0, out, new byte[0]);
                }, windows));
    }

    private static byte[] recorded(String name) throws IOException {
        try (var in = RestoreJobsTest.class.getResourceAsStream("/io/vaultfleet/agent/platform/windows/wbadmin/"
                + name)) {
            return in.readAllBytes();
        }
    }

    private BlobStore heldStore() throws IOException {
        return new ForwardingStore(new FolderStore(work.resolve("repo"))) {
            @Override
            public int getInto(String name, byte[] buffer) throws IOException {
                hold(name);
                return super.getInto(name, buffer);
            }

            @Override
            public byte[] getRange(String name, long offset, int length) throws IOException {
                hold(name);
                return super.getRange(name, offset, length);
            }

            @Override
            public int getRangeInto(String name, long offset, int length, byte[] buffer) throws IOException {
                hold(name);
                return super.getRangeInto(name, offset, length, buffer);
            }

            private void hold(String name) throws InterruptedIOException {
                if (gated && name.startsWith("packs/") && packReads.incrementAndGet() > 1) {
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        throw new InterruptedIOException("cancelled while reading " + name);
                    }
                }
            }
        };
    }

    private String openOwn(String sessionId) {
        assertThat(sessions.open(new RecoveryOpen(sessionId, "srv-01", null, null, null)).result())
                .isEqualTo(RecoveryOpenResult.OPENED);
        return sessionId;
    }

    private JobFinished finished(String jobId) {
        ProtocolCodec codec = new ProtocolCodec();
        return await().atMost(Duration.ofSeconds(60)).until(() -> new Outbox(work.resolve("outbox")).pending().stream()
                .map(p -> codec.decodeFromAgent(p.frame()).message()).filter(JobFinished.class::isInstance)
                .map(JobFinished.class::cast).filter(f -> f.jobId().equals(jobId)).findFirst().orElse(null),
                f -> f != null);
    }

    private static RestoreStart files(String jobId, String sessionId, List<String> items, Path destination,
                                      ConflictPolicy conflict) {
        return new RestoreStart(jobId, sessionId, "latest", RecoveryMode.FILES_AND_FOLDERS, items,
                destination == null ? null : destination.toString(), conflict, true, null, false);
    }

    @Test
    void aRestoreGoesThroughItsStagesAndReportsThePointRestoredAndWhatItSkipped() throws Exception {
        Path source = work.resolve("src");
        SampleTree.create(source);
        Repository repo = backUp(source);
        String pointId = repo.snapshotIds().getFirst();
        startJobs(false);
        Path out = work.resolve("out");
        Path clash = Restorer.destination(source.resolve("docs/secret.conf").toString(), out);
        Files.createDirectories(clash.getParent());
        Files.writeString(clash, "mine");

        jobs.start(files("job-1", openOwn("s-1"), List.of(), out, ConflictPolicy.SKIP));
        JobFinished result = finished("job-1");

        assertThat(result.outcome()).as(result.detail()).isEqualTo(JobOutcome.COMPLETED_WITH_WARNINGS);
        assertThat(result.recoveryPointId()).isEqualTo(pointId);
        assertThat(result.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo(source.resolve("docs/secret.conf").toString());
            assertThat(s.reason()).contains("already exists");
        });
        assertThat(clash).hasContent("mine");
        assertThat(progress).extracting(JobProgress::stage).containsSubsequence(JobStage.PRECHECK, JobStage.RESTORE,
                JobStage.FINALIZE);
        assertThat(sessions.holds("s-1")).as("the session ends with its job").isFalse();
    }

    @Test
    void cancelStopsMidRestoreKeepsWhatWasWrittenAndMarksFilesBegun() throws Exception {
        Path source = work.resolve("src");
        Files.createDirectories(source);
        for (int i = 0; i < 4; i++) {
            Files.write(source.resolve("big" + i + ".bin"), SampleTree.random(12 << 20, i));
        }
        backUp(source);
        startJobs(false);
        gated = true;
        Path out = work.resolve("out");
        jobs.start(files("job-c", openOwn("s-c"), List.of(), out, ConflictPolicy.OVERWRITE));
        await().atMost(Duration.ofSeconds(60)).until(() -> packReads.get() > 1
                && progress.stream().anyMatch(p -> p.bytesDone() > 0));

        assertThat(jobs.cancel("job-c", "alice")).isTrue();
        JobFinished result = finished("job-c");

        assertThat(result.outcome()).as(result.detail()).isEqualTo(JobOutcome.CANCELLED);
        assertThat(result.detail()).contains("cancelled by alice");
        Path restored = Restorer.destination(source.toString(), out);
        try (Stream<Path> files = Files.list(restored)) {
            List<Path> written = files.toList();
            assertThat(written).as("what was written stays").isNotEmpty();
            for (Path file : written) {
                String name = file.getFileName().toString();
                if (name.endsWith(Restorer.INCOMPLETE_SUFFIX)) {
                    continue; // begun, not finished: marked
                }
                assertThat(file).as("a file under its own name is whole")
                        .hasSameBinaryContentAs(source.resolve(name));
            }
        }
        assertThat(jobs.cancel("job-c", "alice")).as("it no longer runs").isFalse();
    }

    @Test
    void aBackupInTheMiddleOfARestoreCorruptsNeither() throws Exception {
        Path source = work.resolve("src");
        Files.createDirectories(source);
        for (int i = 0; i < 3; i++) {
            Files.write(source.resolve("big" + i + ".bin"), SampleTree.random(12 << 20, i));
        }
        Repository repo = backUp(source);
        String firstPoint = repo.snapshotIds().getFirst();
        Path original = work.resolve("original");
        Files.createDirectories(original);
        for (int i = 0; i < 3; i++) {
            Files.copy(source.resolve("big" + i + ".bin"), original.resolve("big" + i + ".bin"));
        }
        startJobs(false);
        gated = true;
        Path out = work.resolve("out");
        jobs.start(new RestoreStart("job-r", openOwn("s-r"), firstPoint, RecoveryMode.FILES_AND_FOLDERS, List.of(),
                out.toString(), ConflictPolicy.OVERWRITE, true, null, false));
        await().atMost(Duration.ofSeconds(60)).until(() -> packReads.get() > 1);

        // the restore waits for a pack; a backup of changed files writes to the same repository meanwhile
        Files.write(source.resolve("big0.bin"), SampleTree.random(12 << 20, 99));
        Files.writeString(source.resolve("new.txt"), "new");
        Repository writer = Repository.open(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE);
        new Backup(writer, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run();
        gate.countDown();

        JobFinished result = finished("job-r");
        assertThat(result.outcome()).as(result.detail()).isEqualTo(JobOutcome.COMPLETED);
        Path restored = Restorer.destination(source.toString(), out);
        for (int i = 0; i < 3; i++) {
            assertThat(restored.resolve("big" + i + ".bin")).hasSameBinaryContentAs(original.resolve("big" + i + ".bin"));
        }
        assertThat(restored.resolve("new.txt")).as("the restored point is the first").doesNotExist();
        var report = new Verifier(Repository.open(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE))
                .verify(true, 2);
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.snapshots()).isEqualTo(2);
    }

    @Test
    void refusalsBeforeAnythingIsWrittenAreFailedJobsInPlainWords() throws Exception {
        Path source = work.resolve("src");
        SampleTree.create(source);
        backUp(source);
        startJobs(false);
        jobs.start(files("job-u", "no-such-session", List.of(), work.resolve("out"), ConflictPolicy.OVERWRITE));
        assertThat(finished("job-u").detail()).contains("the recovery session is not open");

        jobs.start(new RestoreStart("job-s", openOwn("s-s"), "latest", RecoveryMode.SYSTEM_STATE, List.of(), null,
                ConflictPolicy.OVERWRITE, true, work.toString(), false));
        JobFinished notSystemState = finished("job-s");
        assertThat(notSystemState.outcome()).isEqualTo(JobOutcome.FAILED);
        assertThat(notSystemState.detail()).contains("not System State");

        jobs.start(new RestoreStart("job-cfg", openOwn("s-cfg"), "latest", RecoveryMode.SYSTEM_CONFIGURATION,
                List.of(), null, ConflictPolicy.OVERWRITE, true, null, false));
        assertThat(finished("job-cfg").detail()).contains("never over the live configuration");
        assertThat(work.resolve("out")).doesNotExist();
    }

    /** A System State point as the backup stages it: {@code ...\WindowsImageBackup\<host>} as the root. */
    private Path systemStatePoint() throws Exception {
        Path staged = work.resolve("staging/WindowsImageBackup/SRV-01");
        Files.createDirectories(staged.resolve("Backup 2026-12-07 030000"));
        Files.writeString(staged.resolve("Backup 2026-12-07 030000/disk.vhdx"), "image");
        Files.writeString(staged.resolve("MediaId"), "id");
        Repository repo = Repository.init(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE,
                RoundTripScenario.CHEAP_KDF, "h");
        new Backup(repo, io.vaultfleet.agent.backup.BackupOptions.defaults("SYSTEM_STATE", "SRV-01",
                new io.vaultfleet.agent.source.FileSelection(List.of(staged), List.of(), List.of()), null)).run();
        Path volume = work.resolve("volume-e");
        Files.createDirectories(volume);
        return volume;
    }

    @Test
    void systemStateIsRestoredToTheVolumesRootAndTheJobGivesTheWbadminSteps() throws Exception {
        Path volume = systemStatePoint();
        startJobs(false);
        jobs.start(new RestoreStart("job-ss", openOwn("s-ss"), "latest", RecoveryMode.SYSTEM_STATE, List.of(), null,
                ConflictPolicy.OVERWRITE, true, volume.toString(), false));
        JobFinished result = finished("job-ss");
        assertThat(result.outcome()).as(result.detail()).isEqualTo(JobOutcome.COMPLETED);
        assertThat(volume.resolve("WindowsImageBackup/SRV-01/Backup 2026-12-07 030000/disk.vhdx")).hasContent("image");
        try (Stream<Path> left = Files.list(volume)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the staging folder is gone")
                    .containsExactly("WindowsImageBackup");
        }
        assertThat(result.detail()).contains("wbadmin start systemstaterecovery \"-version:<version from wbadmin get "
                + "versions>\" -backupTarget:" + volume + " -machine:SRV-01 -quiet")
                .contains("Directory Services Restore Mode");
        assertThat(wbadmin).as("not run: the admin did not tick Run it now").isEmpty();
    }

    @Test
    void runItNowRunsWbadminOnWindowsAndIsAPlainFailureElsewhere() throws Exception {
        Path volume = systemStatePoint();
        startJobs(false);
        jobs.start(new RestoreStart("job-linux", openOwn("s-l"), "latest", RecoveryMode.SYSTEM_STATE, List.of(), null,
                ConflictPolicy.OVERWRITE, true, volume.toString(), true));
        JobFinished linux = finished("job-linux");
        assertThat(linux.outcome()).isEqualTo(JobOutcome.FAILED);
        assertThat(linux.detail()).startsWith("Run it now: wbadmin start systemstaterecovery runs on Windows Server "
                + "only");
        assertThat(wbadmin).isEmpty();

        // Windows, with wbadmin's recorded answers (this machine has no wbadmin)
        Files.walk(volume.resolve("WindowsImageBackup")).sorted(java.util.Comparator.reverseOrder())
                .forEach(p -> p.toFile().delete());
        jobs.close();
        startJobs(true);
        jobs.start(new RestoreStart("job-win", openOwn("s-w"), "latest", RecoveryMode.SYSTEM_STATE, List.of(), null,
                ConflictPolicy.OVERWRITE, true, volume.toString(), true));
        JobFinished windows = finished("job-win");
        assertThat(windows.outcome()).as(windows.detail()).isEqualTo(JobOutcome.COMPLETED);
        assertThat(wbadmin).containsExactly(
                "wbadmin get versions -backupTarget:" + volume + " -machine:SRV-01",
                "wbadmin start systemstaterecovery -version:11/25/2026-02:19 -backupTarget:" + volume
                        + " -machine:SRV-01 -quiet");
    }

}
