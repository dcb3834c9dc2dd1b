package io.vaultfleet.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Azure Blob emulator on 127.0.0.1 and a free port, one per test JVM (started on first use, stopped at exit, its
 * temporary storage folder deleted).
 * Runs {@code build-tools/ensure-tools.sh azurite} first when the npm package is missing. Started with
 * {@code --skipApiVersionCheck}: the SDK asks for a newer service version than Azurite knows.
 */
public final class Azurite {
    /** Azurite's well-known development account. */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /** The second account of {@link #twoRegions()}: another "region" on the same emulator. */
    public static final String SECOND_ACCOUNT = "vfsecondary";
    public static final String SECOND_KEY = Base64.getEncoder()
            .encodeToString("vaultfleet secondary region test account key, 64 bytes long....".getBytes(
                    StandardCharsets.US_ASCII));

    private static Azurite shared;
    private static Azurite twoRegions;
    private final ManagedProcess process;
    private final int port;
    private final Path workspace;

    private Azurite(ManagedProcess process, int port, Path workspace) {
        this.process = process;
        this.port = port;
        this.workspace = workspace;
    }

    public static synchronized Azurite shared() {
        if (shared == null) {
            shared = start();
            Azurite started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.process.kill();
                TempFolders.delete(started.workspace);
            }));
        }
        return shared;
    }

    /**
     * A second emulator holding two accounts, {@link #ACCOUNT} and {@link #SECOND_ACCOUNT}: two "regions" between
     * which Azure's server-side copy works (Azurite copies across accounts of one instance only).
     */
    public static synchronized Azurite twoRegions() {
        if (twoRegions == null) {
            twoRegions = start(Map.of("AZURITE_ACCOUNTS", ACCOUNT + ":" + KEY + ";" + SECOND_ACCOUNT + ":" + SECOND_KEY));
            Azurite started = twoRegions;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.process.kill();
                TempFolders.delete(started.workspace);
            }));
        }
        return twoRegions;
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("build-tools/ensure-tools.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (build-tools/ensure-tools.sh)");
        }
        return dir;
    }

    private static Azurite start() {
        return start(Map.of());
    }

    private static Azurite start(Map<String, String> environment) {
        Path root = repoRoot();
        Path main = root.resolve(".tools/azurite/node_modules/azurite/dist/src/blob/main.js");
        if (!Files.exists(main)) {
            try {
                // never inherit stdin: npm would make it non-blocking and break the test JVM's link to surefire
                Process p = new ProcessBuilder("sh", root.resolve("build-tools/ensure-tools.sh").toString(), "azurite")
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                if (p.waitFor() != 0 || !Files.exists(main)) {
                    throw new IllegalStateException("ensure-tools.sh azurite failed");
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        int port = FreePorts.next();
        Path workspace;
        try {
            workspace = Files.createTempDirectory("azurite");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ManagedProcess process = ManagedProcess.start("azurite", List.of("node", main.toString(),
                "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port), "--location", workspace.toString(),
                "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose"), workspace, environment);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                awaitAnswers(port, deadline.plus(Duration.ofSeconds(60)));
                return new Azurite(process, port, workspace);
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("azurite exited: " + process.output());
                }
                ManagedProcess.sleep(100);
            }
        }
        process.kill();
        TempFolders.delete(workspace);
        throw new IllegalStateException("azurite did not listen on " + port + " within 30 s: " + process.output());
    }

    /**
     * Listening is not answering: on a busy machine (a test that just created and deleted hundreds of thousands of
     * files) Azurite's first answer took over 30 s, longer than a store's single try. Wait for any HTTP answer.
     */
    private static void awaitAnswers(int port, Instant deadline) throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/" + ACCOUNT + "?comp=list"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        while (true) {
            try {
                client.send(request, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for azurite", e);
            }
        }
    }

    public int port() {
        return port;
    }

    public String blobEndpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** The second account's endpoint (only on {@link #twoRegions()}). */
    public String secondBlobEndpoint() {
        return "http://127.0.0.1:" + port + "/" + SECOND_ACCOUNT;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
                + blobEndpoint() + ";";
    }
}
