package io.vaultfleet.e2e;

import io.vaultfleet.testsupport.BenchResults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.vaultfleet.testsupport.ManagedProcess;
import io.vaultfleet.testsupport.pages.JobDetailPage;
import io.vaultfleet.testsupport.pages.RecoverDataPage;
import io.vaultfleet.testsupport.pages.ServerDetailPage;
import io.vaultfleet.testsupport.pages.ServersPage;

/**
 * Benchmark (issue 19, run by {@code bench/recover-data.sh}, never in the build): the packaged console and two real
 * agents, watched through Chromium, as {@link RecoverDataEndToEndTest} runs them.
 * <ul>
 *   <li>The same recovery point restored, in the same run and alternately, as a console job (Recover Data's wizard,
 *   timed from its last *Next* to the job page saying Completed) and typed as {@code fleet-agent restore latest
 *   --target DIR} (timed from the process's start to its exit, JVM start included, as an admin would wait for it).
 *   Target: the job no more than 10% longer.</li>
 *   <li>A folder of 100,000 entries opened in the wizard's Select items: the time from the click on its expand
 *   toggle to its first page shown (the console asks the target agent, which decrypts the tree, and sends the page
 *   back to the browser).</li>
 * </ul>
 * Writes its section of {@code bench/RESULTS.md} between the recover-data markers.
 */
@Tag("benchmark")
class RecoverDataBenchmark {
    private static final Duration LONG = Duration.ofMinutes(20);
    private static final String PASSPHRASE = "benchmark passphrase, not secret";
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int MIB = Integer.getInteger("bench.mib", 256);
    private static final int WIDE = Integer.getInteger("bench.entries", 100_000);

    @TempDir
    Path work;

    @RegisterExtension
    final ConsoleWithAgents fleet = new ConsoleWithAgents();

    @Test
    void restoreAsAJobAgainstTypedAndTheFirstPageOfAWideFolder() throws Exception {
        fleet.start(work, "rg-bench", "vault-bench");
        Path passphrase = work.resolve("passphrase.txt");
        Files.writeString(passphrase, PASSPHRASE);
        Path alphaHome = fleet.register("bench-recover-alpha", passphrase);
        Path betaHome = fleet.register("bench-recover-beta", passphrase);
        DataSet data = dataSet(work.resolve("data"));
        Path wide = wideFolder(work.resolve("wide"));
        fleet.run("agent-alpha", alphaHome);
        fleet.run("agent-beta", betaHome);
        ServersPage.open(fleet.browser()).waitForStatus("bench-recover-alpha", "Online", Duration.ofSeconds(120));
        ServersPage.open(fleet.browser()).waitForStatus("bench-recover-beta", "Online", Duration.ofSeconds(120));

        String alphaId = backUp("bench-recover-alpha", data.root());
        String betaId = backUp("bench-recover-beta", wide);

        List<Duration> asJob = new ArrayList<>();
        List<Duration> typed = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            // alternate which goes first, so that neither always gets the warmer page cache
            if (round % 2 == 0) {
                asJob.add(restoreAsJob(alphaId, work.resolve("job-" + round), data));
                typed.add(restoreTyped(alphaHome, passphrase, work.resolve("typed-" + round), data));
            } else {
                typed.add(restoreTyped(alphaHome, passphrase, work.resolve("typed-" + round), data));
                asJob.add(restoreAsJob(alphaId, work.resolve("job-" + round), data));
            }
        }
        List<Duration> firstPages = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            firstPages.add(firstPageOfWideFolder(betaId));
        }
        write(data, asJob, typed, firstPages);
    }

    /** Back Up Now of one folder from the server's page, to completion; returns the server's id. */
    private String backUp(String server, Path folder) {
        ServerDetailPage page = ServersPage.open(fleet.browser()).open(server);
        String id = fleet.shownServerId();
        page.backUpNow(folder.toString());
        page.waitForNewestJob("Completed", LONG);
        return id;
    }

    private Duration restoreAsJob(String serverId, Path destination, DataSet data) throws IOException {
        RecoverDataPage wizard = RecoverDataPage.open(fleet.browser(), serverId);
        wizard.next().waitForStep("MODE").next().waitForStep("POINT").pickFirstBoldDate().next().waitForStep("ITEMS")
                .next().waitForStep("OPTIONS").anotherLocation(destination.toString()).next().waitForStep("CONFIRM");
        long start = System.nanoTime();
        wizard.next();
        JobDetailPage job = JobDetailPage.expect(fleet.browser());
        // the status element is re-rendered as the job moves on: a stale read is read again
        String status = Awaitility.await().atMost(LONG).pollInterval(Duration.ofMillis(25)).ignoreExceptions()
                .until(job::status, s -> "Completed".equals(s) || "Failed".equals(s) || "Canceled".equals(s));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(status).as(job.detail()).isEqualTo("Completed");
        data.assertRestoredUnder(destination);
        return took;
    }

    private Duration restoreTyped(Path home, Path passphrase, Path target, DataSet data) throws IOException {
        List<String> command = List.of(ManagedProcess.javaExecutable(), "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-jar", AgentProcess.JAR.toAbsolutePath().toString(), "restore", "latest", "--home", home.toString(),
                "--passphrase-file", passphrase.toString(), "--target", target.toString());
        long start = System.nanoTime();
        try (ManagedProcess restore = ManagedProcess.start("typed-restore", command, work, Map.of())) {
            int exit = restore.waitForExit(LONG);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(exit).as(restore.output()).isZero();
            data.assertRestoredUnder(target);
            return took;
        }
    }

    /** Opens Select items on the wide folder's point and times the click on its toggle to its first rows shown. */
    private Duration firstPageOfWideFolder(String serverId) {
        RecoverDataPage wizard = RecoverDataPage.open(fleet.browser(), serverId);
        wizard.next().waitForStep("MODE").next().waitForStep("POINT").pickFirstBoldDate().next().waitForStep("ITEMS");
        WebElement toggle = fleet.browser().waitUntil(d -> d.findElements(
                By.cssSelector("#recover-items vaadin-grid-tree-toggle")).stream().findFirst().orElse(null));
        long start = System.nanoTime();
        toggle.click();
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
                .until(() -> wizard.itemNames().contains("entry-000000"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(wizard.itemNames()).contains("entry-000001");
        return took;
    }

    /** What was backed up, to check every restore against (file count and bytes; the e2e test compares content). */
    private record DataSet(Path root, long files, long bytes) {
        void assertRestoredUnder(Path destination) throws IOException {
            Path copy = destination.resolve(root.toString().replaceFirst("^/", ""));
            long[] found = new long[2];
            try (Stream<Path> walk = Files.walk(copy)) {
                walk.filter(Files::isRegularFile).forEach(f -> {
                    found[0]++;
                    found[1] += f.toFile().length();
                });
            }
            assertThat(found).as("files and bytes restored under " + copy).containsExactly(files, bytes);
        }
    }

    /**
     * {@code bench.mib} MiB of incompressible data: a quarter in 4 KiB files (metadata-heavy), the rest in 1 MiB files
     * and two large files, in nested folders.
     */
    private static DataSet dataSet(Path root) throws IOException {
        SplittableRandom random = new SplittableRandom(19);
        long total = (long) MIB << 20;
        long files = 0;
        long bytes = 0;
        long small = total / 4 / 4096;
        for (long i = 0; i < small; i++) {
            bytes += write(root.resolve("small/d" + (i % 50)).resolve("s" + i + ".dat"), 4096, random);
            files++;
        }
        long large = 2;
        long big = (total / 4) / large;
        for (int i = 0; i < large; i++) {
            bytes += write(root.resolve("large").resolve("big" + i + ".bin"), (int) big, random);
            files++;
        }
        long medium = (total - bytes) >> 20;
        for (long i = 0; i < medium; i++) {
            bytes += write(root.resolve("medium/d" + (i % 10)).resolve("m" + i + ".bin"), 1 << 20, random);
            files++;
        }
        return new DataSet(root, files, bytes);
    }

    private static long write(Path file, int size, SplittableRandom random) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] data = new byte[size];
        random.nextBytes(data);
        Files.write(file, data);
        return size;
    }

    /** {@code bench.entries} empty files in one folder. */
    private static Path wideFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (int i = 0; i < WIDE; i++) {
            Files.createFile(folder.resolve(String.format(Locale.ROOT, "entry-%06d", i)));
        }
        return folder;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
    }

    private static Duration median(List<Duration> values) {
        List<Duration> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private void write(DataSet data, List<Duration> asJob, List<Duration> typed, List<Duration> firstPages)
            throws IOException {
        Duration job = median(asJob);
        Duration cli = median(typed);
        double longer = 100.0 * (job.toNanos() - cli.toNanos()) / cli.toNanos();
        String section = "<!-- recover-data:begin (bench/recover-data.sh writes this section) -->\n"
                + "### Recover Data (issue 19)\n\n"
                + "Run " + BenchResults.runStamp() + ". "
                + "The packaged console and two real agents as processes on this machine, the wizard driven in "
                + "Chromium; medians of " + ROUNDS + " rounds, job and typed restore alternating which goes first. "
                + "The typed restore's time includes its JVM's start and its storage request to the console, which the "
                + "job (run by the agent's service, already running) does not pay; the job's includes the wizard's "
                + "hand-over, the agent's session and the job page's live update.\n\n"
                + "| Measure | Data | Each round | Median | Target |\n|---|---|---|---|---|\n"
                + String.format(Locale.ROOT, "| Restore as a console job (wizard's last *Next* to *Completed*) | "
                        + "%,d files, %,d MiB | %s | %s | |%n", data.files(), data.bytes() >> 20, list(asJob),
                        seconds(job))
                + String.format(Locale.ROOT, "| Same restore typed: `fleet-agent restore latest --target DIR` (JVM "
                        + "start included) | same point | %s | %s | |%n", list(typed), seconds(cli))
                + String.format(Locale.ROOT, "| Job against typed | | | %+.1f%% | at most +10%% (%s) |%n", longer,
                        longer <= 10 ? "met" : "NOT met")
                + String.format(Locale.ROOT, "| Select items: first page of a folder of %,d entries (click to rows "
                        + "shown, console ↔ target agent) | %,d empty files | %s | %s | under 1 s (%s) |%n", WIDE, WIDE,
                        list(firstPages), seconds(median(firstPages)),
                        median(firstPages).toMillis() < 1000 ? "met" : "NOT met")
                + "\n<!-- recover-data:end -->\n";
        BenchResults.writeSection("recover-data", section);
    }

    private static String list(List<Duration> values) {
        return String.join(", ", values.stream().map(RecoverDataBenchmark::seconds).toList());
    }
}
