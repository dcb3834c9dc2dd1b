package io.vaultfleet.agent.recovery;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.protocol.DownloadFailed;
import io.vaultfleet.protocol.DownloadStart;

/**
 * {@code download-start}: the file (a folder as a zip) streamed as the body of {@code PUT /agent/transfers/{id}} to
 * the console, chunked, with the agent's connect proof; the console pipes it to the waiting browser and stores
 * nothing. The body comes from a bounded pipe a writer thread fills as chunks are decrypted, so memory stays at a
 * chunk and the pipe. The console answers 204 (the browser has it all), 404 (no such transfer here) or 410 (the
 * browser went away); anything that keeps the file from arriving whole is a {@code download-failed}.
 */
public final class Downloads {
    public static final String FILE_NAME_HEADER = "X-VaultFleet-File-Name";
    private static final Logger log = LoggerFactory.getLogger(Downloads.class);
    private static final int PIPE = 1 << 20;

    private final HttpClient http;
    private final URI console;
    private final Supplier<Map<String, String>> proof;
    private final Consumer<DownloadFailed> failed;

    /**
     * @param console the console's base URL ({@code https://console.example})
     * @param proof   the connect-proof header, fresh for each request
     * @param failed  where {@code download-failed} goes (the channel)
     */
    public Downloads(HttpClient http, URI console, Supplier<Map<String, String>> proof, Consumer<DownloadFailed> failed) {
        this.http = http;
        this.console = console;
        this.proof = proof;
        this.failed = failed;
    }

    /** Streams the item; blocks until the console answered (run it off the channel's thread). */
    public void send(DownloadStart request, Repository repo) {
        String transferId = request.transferId();
        try {
            String pointId = repo.resolveSnapshot(request.recoveryPointId());
            PointContent content = new PointContent(repo, pointId);
            PointContent.Found found = content.find(request.path());
            upload(transferId, found, content);
        } catch (IOException | RuntimeException e) {
            fail(transferId, Secrets.redact(e.getMessage() == null ? e.toString() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(transferId, "the agent stopped during the download");
        }
    }

    private void upload(String transferId, PointContent.Found found, PointContent content)
            throws IOException, InterruptedException {
        PipedInputStream body = new PipedInputStream(PIPE);
        PipedOutputStream sink = new PipedOutputStream(body);
        AtomicReference<Exception> writeError = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().daemon().name("download-" + transferId).start(() -> {
            try (sink) {
                if (found.folder()) {
                    content.writeZip(found.node(), sink);
                } else {
                    content.writeFile(found.node(), sink);
                }
            } catch (IOException | RuntimeException e) {
                writeError.set(e);
                try {
                    body.close(); // the request's body ends in an error: the console sees a cut upload, not a whole file
                } catch (IOException ignored) {
                    // closing a pipe does not fail
                }
            }
        });
        HttpRequest.Builder put = HttpRequest.newBuilder(console.resolve("/agent/transfers/" + transferId))
                .timeout(Duration.ofHours(12))
                .header("Content-Type", found.folder() ? "application/zip" : "application/octet-stream")
                .header(FILE_NAME_HEADER, percentEncode(found.name()))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> body));
        proof.get().forEach(put::header);
        HttpResponse<String> response = null;
        IOException sendError = null;
        try {
            response = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            sendError = e;
        } finally {
            body.close(); // an answer before the end (404, 410): the writer stops at its next write
            writer.join();
        }
        Exception writeFailed = writeError.get();
        if (response == null) {
            // the body broke off: the writer's reason (a damaged chunk…) is the one that matters, else the network's
            Exception why = writeFailed != null ? writeFailed : sendError;
            fail(transferId, "the download stopped: " + Secrets.redact(why.getMessage()));
            return;
        }
        switch (response.statusCode()) {
            case 204 -> {
                if (writeFailed != null) {
                    fail(transferId, "the download stopped: " + Secrets.redact(writeFailed.getMessage()));
                } else {
                    log.info("download {}: {} sent", transferId, found.name());
                }
            }
            case 410 -> log.info("download {}: the browser went away", transferId);
            default -> fail(transferId, "the console answered HTTP " + response.statusCode() + " to the upload: "
                    + response.body().strip());
        }
    }

    private void fail(String transferId, String detail) {
        log.warn("download {} failed: {}", transferId, detail);
        failed.accept(new DownloadFailed(transferId, detail));
    }

    /** RFC 3986 percent-encoding of the UTF-8 bytes: everything but the unreserved characters. */
    static String percentEncode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
