package io.vaultfleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;

import io.vaultfleet.agent.AgentMain;
import io.vaultfleet.agent.SampleTree;
import io.vaultfleet.testsupport.Azurite;
import io.vaultfleet.testsupport.FreePorts;
import io.vaultfleet.testsupport.ManagedProcess;

/**
 * A real Azurite of its own is stopped while a backup uploads and started again on the same port and data folder: the
 * backup says it is waiting for storage (stage {@code WAITING_FOR_STORAGE}), goes on when storage is back, and ends
 * with a complete recovery point.
 */
class StorageOutageTest {
    @TempDir
    Path work;

    ManagedProcess azurite;
    int port;

    void startAzurite() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("build-tools/ensure-tools.sh"))) {
            root = root.getParent();
        }
        Path main = root.resolve(".tools/azurite/node_modules/azurite/dist/src/blob/main.js");
        azurite = ManagedProcess.start("azurite-outage", List.of("node", main.toString(), "--blobHost", "127.0.0.1",
                "--blobPort", String.valueOf(port), "--location", work.resolve("azurite").toString(), "--silent",
                "--disableTelemetry", "--skipApiVersionCheck", "--loose"), work, Map.of());
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Watches the backup's JSON lines as they are printed. */
    static final class Watch extends Writer {
        final StringBuffer text = new StringBuffer();
        final CountDownLatch packUploaded = new CountDownLatch(1);
        final CountDownLatch waiting = new CountDownLatch(1);

        @Override
        public void write(char[] buf, int off, int len) {
            text.append(buf, off, len);
            if (text.indexOf("\"type\":\"pack\"") >= 0) {
                packUploaded.countDown();
            }
            if (text.indexOf("WAITING_FOR_STORAGE") >= 0) {
                waiting.countDown();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aBackupWaitsForStorageThatWentAwayAndFinishesWhenItIsBack() throws Exception {
        Azurite.shared(); // installs Azurite when the tools folder lacks it
        port = FreePorts.next();
        Files.createDirectories(work.resolve("azurite"));
        startAzurite();
        try {
            String endpoint = "http://127.0.0.1:" + port + "/" + Azurite.ACCOUNT;
            BlobContainerClient container = new BlobServiceClientBuilder()
                    .connectionString("DefaultEndpointsProtocol=http;AccountName=" + Azurite.ACCOUNT + ";AccountKey="
                            + Azurite.KEY + ";BlobEndpoint=" + endpoint + ";")
                    .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build())
                    .buildClient().getBlobContainerClient("server-" + UUID.randomUUID());
            container.create();
            String sas = container.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                    new BlobContainerSasPermission().setReadPermission(true).setWritePermission(true)
                            .setCreatePermission(true).setListPermission(true)));
            String repo = "azure:" + container.getBlobContainerUrl() + "?" + sas;
            Path source = work.resolve("src");
            Files.createDirectories(source);
            Files.write(source.resolve("a.bin"), SampleTree.random(48 * 1024 * 1024, 21));
            Files.writeString(source.resolve("b.txt"), "small");
            Path pass = Files.writeString(work.resolve("pass"), "outage test passphrase 1");
            List<String> common = List.of("--repo", repo, "--passphrase-file", pass.toString(), "--home",
                    work.resolve("home").toString());

            assertThat(run("init", common, "--kdf-memory", "1024", "--kdf-iterations", "1").exitCode()).isZero();

            Watch watch = new Watch();
            StringWriter err = new StringWriter();
            // a thread of its own: on a 2-core machine the common pool has one worker, which the HTTP client needs
            java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
            CompletableFuture<Integer> backup = CompletableFuture.supplyAsync(() -> {
                var cmd = AgentMain.commandLine();
                cmd.setOut(new PrintWriter(watch, true));
                cmd.setErr(new PrintWriter(err, true));
                List<String> args = new java.util.ArrayList<>(List.of("backup"));
                args.addAll(common);
                args.addAll(List.of("--json", "--limit-upload", "4096", source.toString()));
                return cmd.execute(args.toArray(String[]::new));
            }, thread);
            thread.shutdown();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(120))
                        .until(() -> watch.packUploaded.getCount() == 0 || backup.isDone());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                StringBuilder threads = new StringBuilder();
                Thread.getAllStackTraces().forEach((t, st) -> {
                    threads.append(t.getName()).append('\n');
                    for (int i = 0; i < Math.min(12, st.length); i++) {
                        threads.append("  ").append(st[i]).append('\n');
                    }
                });
                throw new AssertionError("no pack uploaded in 2 minutes: " + watch.text + err + "\n" + threads, e);
            }
            assertThat(backup.isDone()).as("the backup ended before its first pack: " + watch.text + err).isFalse();
            azurite.stop(Duration.ofSeconds(15));
            assertThat(watch.waiting.await(120, TimeUnit.SECONDS)).as(watch.text.toString()).isTrue();
            startAzurite();
            assertThat(backup.get(5, TimeUnit.MINUTES)).as(watch.text.toString() + err).isZero();

            String out = watch.text.toString();
            int waitingAt = out.indexOf("\"stage\":\"WAITING_FOR_STORAGE\"");
            assertThat(waitingAt).isPositive();
            // back in the stage it was in once storage answered again
            assertThat(out.substring(waitingAt)).containsPattern("\"stage\":\"(UPLOAD|FINALIZE)\"");

            CliRunner verify = run("verify", common);
            assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
            CliRunner restore = run("restore", common, "latest", "--target", work.resolve("out").toString());
            assertThat(restore.exitCode()).as(restore.out() + restore.err()).isZero();
            SampleTree.assertSameTree(source, work.resolve("out").resolve(source.toString().substring(1)));
        } finally {
            azurite.stop(Duration.ofSeconds(15));
        }
    }

    static CliRunner run(String command, List<String> common, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        args.addAll(common);
        args.addAll(List.of(more));
        return CliRunner.run(args.toArray(String[]::new));
    }
}
