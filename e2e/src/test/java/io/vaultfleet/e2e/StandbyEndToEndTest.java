package io.vaultfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.jobs.BackupJobs;
import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.testsupport.ManagedProcess;

/**
 * The service's warm standby backup process, with the packaged jar: it warms up on data of its own (leaving nothing
 * behind), waits, runs the Back Up Now job handed to it (its progress and recovery point reach the job as from a cold
 * process) and exits; what it backed up restores byte for byte.
 */
class StandbyEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void theStandbyRunsTheNextBackupAndWhatItStoredRestores() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path data = Files.createDirectories(dir.resolve("data/docs"));
        Files.writeString(data.resolve("a.txt"), "standby backup\n".repeat(5000));
        Files.write(data.resolve("b.bin"), new java.util.Random(17).ints(300_000).mapToObj(Integer::toString)
                .reduce(new StringBuilder(), StringBuilder::append, StringBuilder::append).toString().getBytes());
        Path passphrase = Files.writeString(dir.resolve("passphrase"), "a passphrase for this test");
        List<String> repo = List.of("--repo", "folder:" + dir.resolve("repo"), "--passphrase-file", passphrase.toString());
        List<String> agent = List.of(ManagedProcess.javaExecutable(), "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m", "-XX:+UseSerialGC", "-Xlog:disable", "-Xlog:all=warning:stderr", "-jar",
                AgentProcess.JAR.toAbsolutePath().toString());
        run(agent, "init", repo);
        Outbox outbox = Outbox.in(home);
        List<JobProgress> progress = new CopyOnWriteArrayList<>();

        try (BackupJobs jobs = new BackupJobs(agent, home, outbox, progress::add, repo)) {
            jobs.keepStandby(Duration.ZERO);
            long standby = await("the standby is warm").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100)).until(jobs::standbyPid, OptionalLong::isPresent).getAsLong();
            assertThat(home.resolve("standby")).as("the warm-up's scratch folder is gone").isEmptyDirectory();

            jobs.start(new BackupNow("standby-job", "FILES_AND_FOLDERS", List.of(data.getParent().toString())));
            JobFinished result = awaitResult(outbox);

            assertThat(result.outcome()).as(result.detail()).isEqualTo(io.vaultfleet.protocol.JobOutcome.COMPLETED);
            assertThat(result.recoveryPointId()).isNotBlank();
            assertThat(result.filesDone()).isEqualTo(2);
            assertThat(progress).extracting(JobProgress::stage).contains(io.vaultfleet.protocol.JobStage.UPLOAD);
            assertThat(ProcessHandle.of(standby).map(ProcessHandle::isAlive).orElse(false))
                    .as("the standby ran the job and ended").isFalse();
        }

        Path target = dir.resolve("restored");
        List<String> restore = new ArrayList<>(repo);
        restore.addAll(List.of("latest", "--target", target.toString()));
        run(agent, "restore", restore);
        Path restored = target.resolve(data.getRoot().relativize(data).toString());
        assertThat(Files.mismatch(data.resolve("a.txt"), restored.resolve("a.txt"))).isEqualTo(-1);
        assertThat(Files.mismatch(data.resolve("b.bin"), restored.resolve("b.bin"))).isEqualTo(-1);
    }

    private static JobFinished awaitResult(Outbox outbox) {
        return await("the job ends").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> outbox.pending().stream()
                        .map(p -> new ProtocolCodec().decodeFromAgent(p.frame()).message())
                        .filter(JobFinished.class::isInstance).map(JobFinished.class::cast).toList(),
                        results -> !results.isEmpty())
                .getFirst();
    }

    private void run(List<String> agent, String sub, List<String> args) throws Exception {
        List<String> all = new ArrayList<>(agent);
        all.add(sub);
        all.addAll(args);
        Path err = dir.resolve(sub + ".err");
        Process p = new ProcessBuilder(all).redirectOutput(dir.resolve(sub + ".out").toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(sub + " ended").isTrue();
        assertThat(p.exitValue()).as(sub + " exit code; standard error:\n" + Files.readString(err)).isZero();
    }
}
