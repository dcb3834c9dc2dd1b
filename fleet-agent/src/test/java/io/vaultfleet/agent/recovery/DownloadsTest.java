package io.vaultfleet.agent.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.vaultfleet.agent.SampleTree;
import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.FileOpener;
import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.protocol.DownloadFailed;
import io.vaultfleet.protocol.DownloadStart;

/** Downloads streamed to a transfer endpoint: a large file whole, the console's refusals, damaged data, odd names. */
class DownloadsTest {
    @TempDir
    Path work;

    private HttpServer console;
    private final Map<String, byte[]> received = new ConcurrentHashMap<>();
    private final List<DownloadFailed> failures = new CopyOnWriteArrayList<>();
    private volatile int status = 204;

    @BeforeEach
    void endpoint() throws IOException {
        console = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        console.createContext("/agent/transfers/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/agent/transfers/".length());
            received.put(id, exchange.getRequestBody().readAllBytes());
            byte[] reason = status == 204 ? new byte[0] : "unknown or expired transfer".getBytes();
            exchange.sendResponseHeaders(status, status == 204 ? -1 : reason.length);
            if (reason.length > 0) {
                exchange.getResponseBody().write(reason);
            }
            exchange.close();
        });
        console.start();
    }

    @AfterEach
    void stop() {
        console.stop(0);
    }

    private Downloads downloads() {
        return new Downloads(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + console.getAddress().getPort()),
                () -> Map.of("X-VaultFleet-Agent", "v1 test"), failures::add);
    }

    private Repository backUp(Path source) throws Exception {
        Repository repo = Repository.init(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE,
                RoundTripScenario.CHEAP_KDF, "h");
        new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run();
        return repo;
    }

    @Test
    void aFileLargerThanThePipeArrivesWholeAndTheConsolesRefusalIsADownloadFailed() throws Exception {
        Path source = work.resolve("src");
        Files.createDirectories(source);
        byte[] big = SampleTree.random(9 << 20, 7);
        Files.write(source.resolve("big.bin"), big);
        Repository repo = backUp(source);

        downloads().send(new DownloadStart("t-1", "s", "latest", source.resolve("big.bin").toString()), repo);
        assertThat(failures).isEmpty();
        assertThat(received.get("t-1")).isEqualTo(big);

        status = 404;
        downloads().send(new DownloadStart("t-2", "s", "latest", source.resolve("big.bin").toString()), repo);
        await().atMost(Duration.ofSeconds(10)).until(() -> !failures.isEmpty());
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.transferId()).isEqualTo("t-2");
            assertThat(f.detail()).contains("HTTP 404").contains("unknown or expired transfer");
        });
    }

    @Test
    void damagedDataStopsTheUploadAndSaysWhy() throws Exception {
        Path source = work.resolve("src");
        Files.createDirectories(source);
        Files.write(source.resolve("data.bin"), SampleTree.random(3 << 20, 3));
        Repository repo = backUp(source);
        try (var packs = Files.walk(work.resolve("repo/packs"))) {
            for (Path pack : packs.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(pack);
                bytes[bytes.length / 2] ^= 0x55;
                Files.write(pack, bytes);
            }
        }
        downloads().send(new DownloadStart("t-d", "s", "latest", source.resolve("data.bin").toString()), repo);
        assertThat(failures).singleElement().satisfies(f -> assertThat(f.detail()).startsWith("the download stopped:"));
        assertThat(received.getOrDefault("t-d", new byte[0]).length).as("never the whole file")
                .isLessThan(3 << 20);
    }

    @Test
    void whatCannotBeDownloadedIsNamed() throws Exception {
        Path source = work.resolve("src");
        Files.createDirectories(source);
        Files.createSymbolicLink(source.resolve("link"), Path.of("elsewhere"));
        Repository repo = backUp(source);
        downloads().send(new DownloadStart("t-l", "s", "latest", source.resolve("link").toString()), repo);
        downloads().send(new DownloadStart("t-p", "s", "nosuchpoint", source.toString()), repo);
        assertThat(failures).extracting(DownloadFailed::transferId).containsExactly("t-l", "t-p");
        assertThat(failures.get(0).detail()).contains("is a symlink, not a file or folder");
        assertThat(received).isEmpty();
    }

    @Test
    void namesThatAreNotTextTravelInTheirShownForm() throws Exception {
        Path source = work.resolve("src");
        Files.createDirectories(source);
        String odd = io.vaultfleet.agent.platform.FileNames.fromPosixBytes(new byte[] {'c', 'a', 'f', (byte) 0xe9},
                0, 4);
        Path file = io.vaultfleet.agent.platform.FileNames.path(io.vaultfleet.agent.platform.FileNames.name(source)
                + "/" + odd);
        Files.writeString(file, "odd");
        Repository repo = backUp(source);
        downloads().send(new DownloadStart("t-o", "s", "latest", source + "/caf\\xe9"), repo);
        downloads().send(new DownloadStart("t-z", "s", "latest", source.toString()), repo);
        assertThat(failures).isEmpty();
        assertThat(received.get("t-o")).isEqualTo("odd".getBytes());
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(received.get("t-z")))) {
            assertThat(zip.getNextEntry().getName()).isEqualTo("src/");
            assertThat(zip.getNextEntry().getName()).isEqualTo("src/caf\\xe9");
            assertThat(zip.readAllBytes()).isEqualTo("odd".getBytes());
        }
    }

    @Test
    void fileNamesArePercentEncodedUtf8() {
        assertThat(Downloads.percentEncode("report 2024 (final).pdf")).isEqualTo("report%202024%20%28final%29.pdf");
        assertThat(Downloads.percentEncode("ünï-code_~.txt")).isEqualTo("%C3%BCn%C3%AF-code_~.txt");
        assertThat(Downloads.percentEncode("caf\\xe9")).isEqualTo("caf%5Cxe9");
    }
}
