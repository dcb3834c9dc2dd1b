package io.vaultfleet.agent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.vaultfleet.agent.SampleTree;
import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.FileOpener;
import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.channel.FakeConsole;
import io.vaultfleet.agent.host.AgentHome;
import io.vaultfleet.agent.host.HostInfo;
import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.restore.Restorer;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.protocol.BrowseFolder;
import io.vaultfleet.protocol.ConflictPolicy;
import io.vaultfleet.protocol.Delivered;
import io.vaultfleet.protocol.DownloadFailed;
import io.vaultfleet.protocol.DownloadStart;
import io.vaultfleet.protocol.FolderEntry;
import io.vaultfleet.protocol.FolderPage;
import io.vaultfleet.protocol.Heartbeat;
import io.vaultfleet.protocol.HeartbeatAck;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.protocol.Message;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.RecoveryKey;
import io.vaultfleet.protocol.RecoveryKeyRequest;
import io.vaultfleet.protocol.RecoveryMode;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RecoveryOpened;
import io.vaultfleet.protocol.RestoreStart;
import io.vaultfleet.protocol.Welcome;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;
import io.vaultfleet.protocol.recovery.RecoveryKeys;

/**
 * Recover Data as the console drives it, against the service as {@code fleet-agent run} builds it (a registered
 * identity), a real WebSocket console end and a tiny HTTP server for {@code PUT /agent/transfers/{id}}: another
 * server's backups opened with a sealed passphrase, two folder pages, a file and a folder downloaded (compared byte
 * for byte), then a restore job with its stages and result.
 */
class RecoverDataThroughTheChannelTest {
    private final ProtocolCodec codec = new ProtocolCodec();
    private final KeyPair identityKeys = AgentKeys.generate();
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> uploadHeaders = new ConcurrentHashMap<>();
    private final AtomicBoolean restoreSent = new AtomicBoolean();
    private HttpServer transfers;
    private String standby;
    private String startupCache;

    @TempDir
    Path work;

    @BeforeEach
    void transferEndpoint() throws IOException {
        standby = System.setProperty(AgentService.STANDBY_PROPERTY, "off");
        startupCache = System.setProperty(AgentService.STARTUP_CACHE_PROPERTY, "off");
        transfers = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        transfers.createContext("/agent/transfers/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/agent/transfers/".length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.getFirst()));
            headers.put("method", exchange.getRequestMethod());
            uploadHeaders.put(id, headers);
            uploads.put(id, body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        transfers.start();
    }

    @AfterEach
    void stop() {
        transfers.stop(0);
        restore(AgentService.STANDBY_PROPERTY, standby);
        restore(AgentService.STARTUP_CACHE_PROPERTY, startupCache);
    }

    @Test
    void anotherServersBackupsBrowsedDownloadedAndRestored() throws Exception {
        Path source = work.resolve("src");
        SampleTree.create(source);
        Path otherRepo = work.resolve("srv-02");
        Repository repo = Repository.init(new FolderStore(otherRepo), RoundTripScenario.PASSPHRASE,
                RoundTripScenario.CHEAP_KDF, "srv-02");
        new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run();
        String pointId = repo.snapshotIds().getFirst();
        Path out = work.resolve("restored");
        String docs = source.resolve("docs").toString();

        // everything the agent logs meanwhile, debug included: the passphrase must never be in it
        ch.qos.logback.classic.Logger agentLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("io.vaultfleet");
        ch.qos.logback.classic.Level level = agentLog.getLevel();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        agentLog.addAppender(logged);
        agentLog.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try (FakeConsole console = new FakeConsole(frame -> {
            Inbound in = codec.decodeFromAgent(frame);
            return switch (in.message()) {
                case Hello hello -> List.of(
                        codec.encodeReply(new Welcome("server-1", 1, "test", "0.0.1", "0.0.1"), in.id()),
                        codec.encode(new RecoveryKeyRequest("s-1")));
                case RecoveryKey key -> List.of(codec.encode(new RecoveryOpen("s-1", "srv-02", "folder:" + otherRepo,
                        null, RecoveryKeys.seal(key.publicKey(), "s-1", RoundTripScenario.PASSPHRASE))));
                case RecoveryOpened opened when opened.result() == RecoveryOpenResult.OPENED -> List.of(
                        codec.encode(new BrowseFolder("r-roots", "s-1", pointId, "", null, 100, null)));
                case FolderPage page when page.requestId().equals("r-roots") -> List.of(codec.encode(
                        new BrowseFolder("r-top", "s-1", pointId, page.entries().getFirst().path(), null, 3, null)));
                case FolderPage page when page.requestId().equals("r-top") -> List.of(
                        codec.encode(new DownloadStart("t-file", "s-1", pointId, docs + "/log.txt")),
                        codec.encode(new DownloadStart("t-zip", "s-1", pointId, docs)),
                        codec.encode(new DownloadStart("t-none", "s-1", pointId, docs + "/no-such-file")));
                case Heartbeat beat -> {
                    // the restore ends the session: it starts once both downloads are in
                    if (uploads.size() == 2 && restoreSent.compareAndSet(false, true)) {
                        yield List.of(codec.encodeReply(new HeartbeatAck(beat.sentAt()), in.id()),
                                codec.encode(new RestoreStart("job-1", "s-1", pointId,
                                        RecoveryMode.FILES_AND_FOLDERS, List.of(), out.toString(),
                                        ConflictPolicy.CREATE_COPIES, true, null, false)));
                    }
                    yield List.of(codec.encodeReply(new HeartbeatAck(beat.sentAt()), in.id()));
                }
                case JobFinished finished -> List.of(codec.encodeReply(new Delivered(finished.deliveryId()), in.id()));
                default -> List.of();
            };
        })) {
            AgentIdentity identity = AgentIdentity.of(UUID.randomUUID(), "http://127.0.0.1:"
                    + transfers.getAddress().getPort(), "vault", identityKeys, "", "");
            AgentService service = new AgentService(AgentHome.resolve(work.resolve("home")), Optional.of(identity),
                    console.endpoint(), HostInfo.current(), 0);
            FutureTask<Integer> exit = new FutureTask<>(service::run);
            Thread.ofPlatform().name("agent-service").start(exit);

            JobFinished finished = await().atMost(Duration.ofSeconds(90))
                    .until(() -> received(console, JobFinished.class), list -> !list.isEmpty()).getFirst();

            RecoveryKey key = received(console, RecoveryKey.class).getFirst();
            assertThat(AgentKeys.verify(identityKeys.getPublic(), RecoveryKeys.statement("s-1", key.publicKey(),
                    key.expiresAt()), Base64.getDecoder().decode(key.signature())))
                    .as("signed by the registered identity key").isTrue();
            assertThat(received(console, RecoveryOpened.class)).extracting(RecoveryOpened::result)
                    .containsExactly(RecoveryOpenResult.OPENED);
            FolderPage top = received(console, FolderPage.class).stream().filter(p -> p.requestId().equals("r-top"))
                    .findFirst().orElseThrow();
            assertThat(top.error()).isNull();
            assertThat(top.entries()).extracting(FolderEntry::name)
                    .containsExactly("copy-of-random.bin", "dangling-link", "docs");
            assertThat(top.nextCursor()).as("more than a page of 3").isNotNull();

            assertThat(uploads.get("t-file")).isEqualTo(Files.readAllBytes(source.resolve("docs/log.txt")));
            assertThat(uploadHeaders.get("t-file")).containsEntry("method", "PUT")
                    .containsEntry("Content-Type", "application/octet-stream")
                    .containsEntry("X-VaultFleet-File-Name", "log.txt").containsKey(ConnectProof.HEADER);
            assertThat(uploadHeaders.get("t-zip")).containsEntry("Content-Type", "application/zip")
                    .containsEntry("X-VaultFleet-File-Name", "docs.zip");
            Map<String, byte[]> zipped = unzip(uploads.get("t-zip"));
            assertThat(zipped.get("docs/log.txt")).isEqualTo(Files.readAllBytes(source.resolve("docs/log.txt")));
            assertThat(zipped.get("docs/nested/small-7.txt")).isEqualTo("small file 7\n".getBytes());
            assertThat(zipped.get("docs/nested/deeper/empty.dat")).isEmpty();
            assertThat(zipped).containsKey("docs/nested/deeper/");
            assertThat(new String(zipped.get("VAULTFLEET-NOT-INCLUDED.txt"))).contains("docs/link-to-log (symlink)");
            assertThat(received(console, DownloadFailed.class)).singleElement().satisfies(f -> {
                assertThat(f.transferId()).isEqualTo("t-none");
                assertThat(f.detail()).contains("is not in recovery point");
            });

            assertThat(finished.jobId()).isEqualTo("job-1");
            assertThat(finished.outcome()).as(finished.detail()).isEqualTo(JobOutcome.COMPLETED);
            assertThat(finished.recoveryPointId()).isEqualTo(pointId);
            assertThat(received(console, JobProgress.class)).extracting(JobProgress::stage)
                    .containsSubsequence(JobStage.PRECHECK, JobStage.RESTORE, JobStage.FINALIZE);
            Path restored = Restorer.destination(source.toString(), out);
            SampleTree.assertSameTree(source, restored); // content, permissions, times, links

            service.stop();
            assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
            String passphrase = new String(RoundTripScenario.PASSPHRASE);
            assertThat(logged.list).as("the agent logged").isNotEmpty();
            assertThat(logged.list).allSatisfy(e -> assertThat(e.getFormattedMessage() + " "
                    + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()))
                    .doesNotContain(passphrase));
        } finally {
            agentLog.detachAppender(logged);
            agentLog.setLevel(level);
        }
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private <T extends Message> List<T> received(FakeConsole console, Class<T> type) {
        return console.received().stream().map(f -> codec.decodeFromAgent(f).message())
                .filter(type::isInstance).map(type::cast).toList();
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
