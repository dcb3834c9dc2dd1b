package io.vaultfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.ManagedProcess;
import io.vaultfleet.testsupport.pages.JobDetailPage;
import io.vaultfleet.testsupport.pages.JobsPage;
import io.vaultfleet.testsupport.pages.ServerDetailPage;
import io.vaultfleet.testsupport.pages.ServersPage;

/**
 * Jobs with real agents and a real browser: Back Up Now for a whole vault, a job's live progress on its page,
 * Cancel, and an agent killed mid-job that comes back and settles what it left.
 */
class JobsEndToEndTest {
    private static final Duration LIVE = Duration.ofSeconds(30);

    @TempDir
    Path work;

    @RegisterExtension
    final ConsoleWithAgents fleet = new ConsoleWithAgents();

    @Test
    void backUpAVaultWatchAJobLiveCancelItAndSurviveAnAgentKilledMidJob() throws Exception {
        fleet.start(work, "rg-jobs", "vault-jobs");
        Browser browser = fleet.browser();
        Path passphrase = work.resolve("passphrase.txt");
        Files.writeString(passphrase, "a long enough passphrase for jobs");
        Path alphaHome = fleet.register("e2e-jobs-alpha", passphrase);
        Path betaHome = fleet.register("e2e-jobs-beta", passphrase);
        // incompressible data, large enough that a backup runs for seconds on this machine
        Path data = randomFiles(work.resolve("data"), 6, 64L << 20);

        // alpha uploads at most 6 MiB/s (its service's own limit), so its backup is still running when it is cancelled
        ManagedProcess alpha = fleet.runLimited("agent-alpha", alphaHome, 6 * 1024);
        ManagedProcess beta = fleet.run("agent-beta", betaHome);
        ServersPage servers = ServersPage.openVault(browser, fleet.vaultId());
        servers.waitForStatus("e2e-jobs-alpha", "Online", LIVE);
        servers.waitForStatus("e2e-jobs-beta", "Online", LIVE);

        // Back Up Now for the whole vault: each server gets its own job
        String started;
        try {
            started = servers.backUpNowAll(data.toString());
        } catch (RuntimeException e) {
            browser.screenshot(Path.of("target", "screenshots", "vault-back-up-now-failed.png"));
            throw e;
        }
        assertThat(started).contains("2 of 2 backups started");

        // alpha's job, live on its page: the upload stage, the bar and the figures move without a reload
        JobDetailPage job = JobsPage.open(browser).openNewest("e2e-jobs-alpha");
        browser.script("window.__vfNoReload = true;");
        browser.waitUntil(d -> job.currentStage().filter("UPLOAD"::equals).isPresent() && job.progress() > 0, LIVE);
        double first = job.progress();
        assertThat(job.figures()).contains("files").contains("MiB");
        browser.screenshot(Path.of("target", "screenshots", "job-live-progress.png"));
        browser.waitUntil(d -> job.progress() > first, LIVE);

        job.cancel();
        job.waitForStatus("Cancelled", LIVE);
        assertThat(job.detail()).contains("cancelled by admin during upload");
        assertThat(browser.script("return window.__vfNoReload === true;")).isEqualTo(Boolean.TRUE);
        alpha.awaitOutput("job [0-9a-f-]+ CANCELLED", LIVE);

        ServerDetailPage betaPage = ServersPage.open(browser).open("e2e-jobs-beta");
        betaPage.waitForNewestJob("Completed", LIVE.multipliedBy(2));
        assertThat(betaPage.initialBackup()).startsWith("Initial backup: Job completed");

        // beta is killed in the middle of its next backup (its backup process is left running, as after a crash)
        Path moreData = randomFiles(work.resolve("more-data"), 6, 64L << 20);
        assertThat(betaPage.backUpNow(moreData.toString())).contains("Backup of e2e-jobs-beta started");
        JobDetailPage interrupted = betaPage.openNewestJob();
        browser.waitUntil(d -> interrupted.progress() > 0, LIVE);
        beta.killAlone();
        beta = fleet.run("agent-beta-again", betaHome);
        beta.awaitOutput("was interrupted by an agent restart", LIVE);
        interrupted.waitForStatus("Failed", LIVE);
        assertThat(interrupted.detail()).contains("interrupted: the agent stopped while this job ran");

        // and the next backup completes, reusing what the interrupted one had uploaded
        betaPage = ServersPage.open(browser).open("e2e-jobs-beta");
        betaPage.backUpNow(moreData.toString());
        betaPage.waitForNewestJob("Completed", LIVE.multipliedBy(2));

        // a path that does not exist: the backup completes with warnings, which the console stores and shows with
        // the skipped path and its reason (it once refused the status as too long and left the job stalled)
        Path missing = work.resolve("no-such-folder");
        betaPage.backUpNow(moreData.toString(), missing.toString());
        betaPage.waitForNewestJob("Completed with warnings", LIVE.multipliedBy(2));
        JobDetailPage warned = betaPage.openNewestJob();
        assertThat(warned.status()).isEqualTo("Completed with warnings");
        assertThat(warned.skippedItems()).singleElement().asString().startsWith(missing + " — ");
        assertThat(warned.reportProblem()).isEmpty();
        assertThat(beta.output()).doesNotContain("console refused");
    }

    private static Path randomFiles(Path folder, int count, long size) throws IOException {
        Files.createDirectories(folder);
        SplittableRandom random = new SplittableRandom(folder.toString().hashCode());
        byte[] buffer = new byte[1 << 20];
        for (int i = 0; i < count; i++) {
            try (OutputStream out = Files.newOutputStream(folder.resolve("file-" + i + ".bin"))) {
                for (long written = 0; written < size; written += buffer.length) {
                    for (int j = 0; j < buffer.length; j += 8) {
                        long v = random.nextLong();
                        for (int k = 0; k < 8; k++) {
                            buffer[j + k] = (byte) (v >>> (k * 8));
                        }
                    }
                    out.write(buffer);
                }
            }
        }
        return folder;
    }
}
