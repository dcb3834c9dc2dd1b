package io.vaultfleet.console.recover;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.TestPropertySource;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;

import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.BackupOptions;
import io.vaultfleet.agent.host.AgentHome;
import io.vaultfleet.agent.host.HostInfo;
import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.agent.repo.RepoConfig;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.service.AgentService;
import io.vaultfleet.agent.source.FileSelection;
import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.StoreLocation;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.ServerStatus;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.BackupJob;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.jobs.JobStatus;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.recovery.RecoveryPointCatalog;
import io.vaultfleet.console.replication.Replicator;
import io.vaultfleet.console.replication.SecondaryCopies;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.console.storage.StorageKind;
import io.vaultfleet.console.storage.StorageLocation;
import io.vaultfleet.console.storage.StorageLocationForm;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.ConflictPolicy;
import io.vaultfleet.protocol.RecoveryKey;
import io.vaultfleet.protocol.RecoveryKeyRequest;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RecoveryOpened;
import io.vaultfleet.protocol.RecoveryPointCreated;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.recovery.RecoveryKeys;
import io.vaultfleet.testsupport.Azurite;

/**
 * Cross Region Restore end to end: two Azurite accounts (two "regions"), a backup by the agent's real engine on the
 * primary, replicated by the console, the primary region wiped (site loss), then Recover Data of that recovery point
 * from the SECONDARY through {@link RecoverDataService}, done by the real agent service ({@link AgentService}, as
 * {@code fleet-agent run} builds it, in this JVM) over a real WebSocket, and compared byte for byte.
 */
@ConsoleTest
@TestPropertySource(properties = "vaultfleet.replication.initial-delay=1d")
class CrossRegionRestoreTest {
    static final String OPERATOR = "crr-operator";
    static final String PASSPHRASE = "the server's own long passphrase 20";
    private static final RepoConfig.KdfDefaults CHEAP_KDF = new RepoConfig.KdfDefaults("argon2id", 1024, 1, 1);

    @LocalServerPort
    int port;

    @Autowired
    RecoverDataService recover;

    @Autowired
    Replicator replicator;

    @Autowired
    SecondaryCopies copies;

    @Autowired
    TestVaults vaults;

    @Autowired
    StorageLocationService locations;

    @Autowired
    StorageAccessIssuer issuer;

    @Autowired
    FleetService fleet;

    @Autowired
    JobService jobs;

    @Autowired
    RecoveryPointCatalog points;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecurityContextHolderStrategy security;

    @TempDir
    Path work;

    private String standby;
    private String startupCache;
    private AgentService agent;
    private FutureTask<Integer> agentRun;

    @BeforeEach
    void quietAgent() {
        standby = System.setProperty(AgentService.STANDBY_PROPERTY, "off");
        startupCache = System.setProperty(AgentService.STARTUP_CACHE_PROPERTY, "off");
    }

    @AfterEach
    void stopAgent() throws InterruptedException {
        if (agent != null) {
            agent.stop();
            await().atMost(Duration.ofSeconds(20)).until(agentRun::isDone);
        }
        restore(AgentService.STANDBY_PROPERTY, standby);
        restore(AgentService.STARTUP_CACHE_PROPERTY, startupCache);
    }

    @Test
    void aRecoveryPointRestoresFromTheSecondaryRegionAfterThePrimaryIsLost() throws Exception {
        Azurite azurite = Azurite.twoRegions();
        StorageLocation west = location(new StorageLocationForm(name("west"), "West", StorageKind.AZURE_BLOB, null,
                azurite.secondBlobEndpoint(), Azurite.SECOND_KEY, null));
        StorageLocation east = location(new StorageLocationForm(name("east"), "East", StorageKind.AZURE_BLOB, null,
                azurite.blobEndpoint(), Azurite.KEY, west.id()));
        Vault vault = vaults.create("crr", east.id());
        KeyPair identityKeys = AgentKeys.generate();
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.id(), name("crr-srv"), "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(identityKeys.getPublic()));
        UUID server = enrolled.server().id();

        // the server's backup, by the agent's engine, on the primary region
        Path source = source();
        BlobStore primary = StoreLocation.parse(issuer.issue(east.id(), vault.id(), server).repository()).open(0);
        Repository.init(primary, PASSPHRASE.toCharArray(), CHEAP_KDF, "crr-host");
        String point = new Backup(Repository.open(primary, PASSPHRASE.toCharArray()), BackupOptions.defaults(
                "files:" + source, "crr-host", new FileSelection(List.of(source), List.of(), List.of()),
                work.resolve("cache"))).run().catalog().recoveryPointId();

        // before Cross Region Restore is on, the Secondary region cannot be chosen, with the reason
        Replicator.Pass pass = replicator.replicate(vault.id());
        assertThat(pass.error()).isNull();
        assertThat(pass.copied()).isGreaterThan(4);
        assertThat(asOperator(() -> recover.whyNoSecondary(vault.id())).orElseThrow())
                .contains("Cross Region Restore is off");

        // the real agent, registered as that server; its backup's recovery point reaches the console's catalog
        AgentHome home = AgentHome.resolve(work.resolve("agent-home"));
        Outbox.in(home.root()).enqueue(new RecoveryPointCreated(UUID.randomUUID().toString(), point,
                "FILES_AND_FOLDERS", Instant.now(), 3, 300_000, 100_000, 0, List.of()));
        AgentIdentity identity = AgentIdentity.of(server, "http://127.0.0.1:" + port, vault.name(), identityKeys,
                "", "");
        agent = new AgentService(home, Optional.of(identity), URI.create("ws://127.0.0.1:" + port + "/agent/ws"),
                HostInfo.current(), 0);
        agentRun = new FutureTask<>(agent::run);
        Thread.ofPlatform().name("crr-agent").daemon().start(agentRun);
        await().atMost(Duration.ofSeconds(30)).until(() -> asOperator(() -> fleet.find(server).orElseThrow().status()
                == ServerStatus.ONLINE && points.forServer(server).stream()
                .anyMatch(p -> p.recoveryPointId().equals(point))));
        assertThatThrownBy(() -> asOperator(() -> recover.begin(server, server, RecoveryCopy.SECONDARY)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Cross Region Restore is off");

        runAs(security, Role.CONTRIBUTOR, () -> copies.setCrossRegionRestore(vault.id(), true));
        assertThat(asOperator(() -> recover.whyNoSecondary(vault.id()))).isEmpty();
        containerOn(azurite.blobEndpoint(), Azurite.ACCOUNT, Azurite.KEY, server).delete(); // the primary site is lost

        // This server, from the secondary: the admin types the server's own passphrase, sealed to the session key
        RecoverySession session = asOperator(() -> recover.begin(server, server, RecoveryCopy.SECONDARY));
        assertThat(session.needsPassphrase()).isTrue();
        assertThat(session.publicKey()).as("a signed session key to seal the passphrase to").isNotNull();
        RecoveryOpened wrong = asOperator(() -> recover.open(session.id(), RecoveryKeys.seal(session.publicKey(),
                session.id().toString(), "not the passphrase at all".toCharArray())));
        assertThat(wrong.result()).isEqualTo(RecoveryOpenResult.WRONG_PASSPHRASE);
        RecoveryOpened opened = asOperator(() -> recover.open(session.id(), RecoveryKeys.seal(session.publicKey(),
                session.id().toString(), PASSPHRASE.toCharArray())));
        assertThat(opened.result()).as(opened.detail()).isEqualTo(RecoveryOpenResult.OPENED);

        Path destination = work.resolve("restored");
        BackupJob job = asOperator(() -> recover.restore(session.id(), RestoreChoice.files(point, List.of(),
                destination.toString(), ConflictPolicy.OVERWRITE, false)));
        await().atMost(Duration.ofSeconds(60)).until(() -> !jobs.open(job.id()));
        BackupJob done = asOperator(() -> jobs.find(job.id())).orElseThrow();
        assertThat(done.status()).as(done.toString()).isEqualTo(JobStatus.COMPLETED);
        Map<String, byte[]> expected = files(source);
        Map<String, byte[]> restored = files(destination.resolve(source.toString().substring(1)));
        assertThat(restored.keySet()).isEqualTo(expected.keySet());
        expected.forEach((file, bytes) -> assertThat(restored.get(file)).as(file).isEqualTo(bytes));

        List<String> audited = jdbc.sql("select action || ' ' || coalesce(detail, '') from audit_event "
                + "where actor = :a order by id").param("a", OPERATOR).query(String.class).list();
        assertThat(audited).anyMatch(a -> a.startsWith("recover.storage-grant") && a.contains("secondary region"))
                .anyMatch(a -> a.startsWith("recover.open") && a.contains("from the secondary region: OPENED"));
    }

    @Test
    void theSecondaryIsRefusedWithTheReasonOnAVaultThatIsNotGeoRedundantOrHasNoPair() throws IOException {
        Vault plain = vaults.create("crr-none");
        var enrolled = (FleetService.Enrolled) fleet.enroll(plain.id(), name("crr-none"), "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        UUID server = enrolled.server().id();
        Optional<String> why = asOperator(() -> recover.whyNoSecondary(plain.id()));
        assertThat(why).isPresent();
        assertThatThrownBy(() -> asOperator(() -> recover.begin(server, server, RecoveryCopy.SECONDARY)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("No restore from the secondary region")
                .hasMessageContaining(why.get());
    }

    @Test
    void turnedOffBetweenGettingStartedAndOpeningNothingReachesTheAgentAndTheReasonIsSaid() throws Exception {
        StorageLocation west = folder("west", null);
        StorageLocation east = folder("east", west.id());
        Vault vault = vaults.create("crr-off", east.id());
        SimulatedAgent target = SimulatedAgent.enroll(fleet, vault.id(), "crr-off", port, java.time.Clock.systemUTC());
        try (target) {
            target.connect();
            runAs(security, Role.CONTRIBUTOR, () -> copies.setCrossRegionRestore(vault.id(), true));
            assertThat(asOperator(() -> recover.whyNoSecondary(vault.id())).orElseThrow())
                    .as("nothing replicated yet").contains("holds no copy yet");

            BlobStore store = StoreLocation.parse(issuer.issue(east.id(), vault.id(), target.id()).repository()).open(0);
            store.put("config", new byte[] {1, 2, 3}, 0, 3);
            assertThat(replicator.replicate(vault.id()).copied()).isEqualTo(1);
            assertThat(asOperator(() -> recover.whyNoSecondary(vault.id()))).isEmpty();

            KeyPair sessionKey = io.vaultfleet.protocol.recovery.RecoveryKeys.generate();
            CompletableFuture<RecoverySession> begun = CompletableFuture.supplyAsync(
                    () -> asOperator(() -> recover.begin(target.id(), target.id(), RecoveryCopy.SECONDARY)));
            RecoveryKeyRequest request = target.next(RecoveryKeyRequest.class);
            String publicKey = RecoveryKeys.encodePublic(sessionKey.getPublic());
            Instant expires = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            target.send(new RecoveryKey(request.sessionId(), publicKey, expires,
                    target.sign(RecoveryKeys.statement(request.sessionId(), publicKey, expires))));
            RecoverySession session = begun.get(30, TimeUnit.SECONDS);
            assertThat(session.copy()).isEqualTo(RecoveryCopy.SECONDARY);
            assertThatThrownBy(() -> asOperator(() -> recover.open(session.id(), null)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("Type the passphrase of");

            runAs(security, Role.CONTRIBUTOR, () -> copies.setCrossRegionRestore(vault.id(), false));
            var sealed = RecoveryKeys.seal(publicKey, session.id().toString(), "whatever it is".toCharArray());
            assertThatThrownBy(() -> asOperator(() -> recover.open(session.id(), sealed)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("Cross Region Restore is off");
            List<String> audited = jdbc.sql("select action || ' ' || outcome from audit_event where actor = :a "
                    + "and target in (:server, :vault) order by id").param("a", OPERATOR)
                    .param("server", "server:" + target.id()).param("vault", "vault:" + vault.id())
                    .query(String.class).list();
            assertThat(audited).as("refused before anything was sent to the agent").contains(
                    "recovery.secondary-grant DENIED").noneMatch(a -> a.startsWith("recover.open"));
        }
    }

    private <T> T asOperator(Supplier<T> action) {
        return runAs(security, OPERATOR, Role.OPERATOR, action);
    }

    private StorageLocation location(StorageLocationForm form) {
        return runAs(security, Role.OWNER, () -> locations.create(form));
    }

    private StorageLocation folder(String dir, UUID pair) throws IOException {
        Path path = Files.createDirectories(work.resolve(dir));
        return location(new StorageLocationForm(name(dir), dir, StorageKind.FOLDER, path.toString(), null, null, pair));
    }

    private static com.azure.storage.blob.BlobContainerClient containerOn(String endpoint, String account, String key,
                                                                         UUID server) {
        return new BlobContainerClientBuilder().endpoint(endpoint).containerName(StorageAccessIssuer.containerOf(server))
                .credential(new StorageSharedKeyCredential(account, key))
                .httpClient(new JdkHttpClientBuilder().build()).buildClient();
    }

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private Path source() throws IOException {
        Path source = Files.createDirectories(work.resolve("source"));
        Files.write(source.resolve("report.txt"), "quarterly numbers\n".repeat(500).getBytes());
        byte[] photo = new byte[300_000];
        new java.util.Random(20).nextBytes(photo);
        Files.write(source.resolve("photo.bin"), photo);
        Files.createDirectories(source.resolve("sub"));
        Files.writeString(source.resolve("sub/notes é.md"), "# notes\n");
        return source;
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
