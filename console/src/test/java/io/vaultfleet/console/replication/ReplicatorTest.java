package io.vaultfleet.console.replication;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.common.StorageSharedKeyCredential;

import io.micrometer.core.instrument.MeterRegistry;

import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.StoreLocation;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.OffsetClock;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.BackupJobEnded;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.jobs.JobStatus;
import io.vaultfleet.console.monitoring.DashboardService;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.platform.Timestamps;
import io.vaultfleet.console.storage.ServerStorage;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.console.storage.StorageKind;
import io.vaultfleet.console.storage.StorageLocation;
import io.vaultfleet.console.storage.StorageLocationForm;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.vault.StorageRedundancy;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultService;
import io.vaultfleet.protocol.enrollment.StorageGrant;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.testsupport.Azurite;

/**
 * Geo-replication between two folders and between two Azurite accounts (two "regions"), on repositories the agent's
 * real engine writes, with a clock the test moves for the soft-delete period. Copies are rate-limited to 256 KiB/s
 * here so a pass can be stopped midway.
 */
@ConsoleTest
@TestPropertySource(properties = {"vaultfleet.replication.bytes-per-second=262144",
        "vaultfleet.replication.initial-delay=1d", "vaultfleet.replication.verify-sample=1000"})
class ReplicatorTest {
    private static final OffsetClock CLOCK = new OffsetClock();

    @TestBean(name = "clock", methodName = "offsetClock")
    Clock clock;

    static Clock offsetClock() {
        return CLOCK;
    }

    @Autowired
    Replicator replicator;

    @Autowired
    SecondaryCopies copies;

    @Autowired
    TestVaults vaults;

    @Autowired
    VaultService vaultService;

    @Autowired
    StorageLocationService locations;

    @Autowired
    StorageAccessIssuer issuer;

    @Autowired
    ServerStorage serverStorage;

    @Autowired
    FleetService fleet;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecurityContextHolderStrategy security;

    @Autowired
    SecondaryCopyVerifier verifier;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    JobService jobs;

    @Autowired
    DashboardService dashboards;

    @Autowired
    MeterRegistry meters;

    @TempDir
    Path work;

    // the vault under test, on its primary location, paired with a secondary one, and the server enrolled in it
    private StorageLocation primary;
    private StorageLocation secondary;
    private Vault vault;
    private UUID server;

    @AfterEach
    void reset() {
        CLOCK.reset();
        replicator.start();
    }

    /** What most tests start from: a vault on a folder paired with another folder, one server enrolled. */
    private void pairedFolders(String vaultName) throws IOException {
        StorageLocation pair = folder("secondary", null);
        vaultWithServer(vaultName, folder("primary", pair.id()), pair);
    }

    private void vaultWithServer(String vaultName, StorageLocation primary, StorageLocation secondary) {
        this.primary = primary;
        this.secondary = secondary;
        vault = vaults.create(vaultName, primary.id());
        server = enroll(vault);
    }

    private StorageLocation folder(String dir, UUID pair) throws IOException {
        Path path = Files.createDirectories(work.resolve(dir));
        return location(new StorageLocationForm(name(dir), dir, StorageKind.FOLDER, path.toString(), null, null, pair));
    }

    private StorageLocation location(StorageLocationForm form) {
        return runAs(security, Role.OWNER, () -> locations.create(form));
    }

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private UUID enroll(Vault vault) {
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.id(), name("geo"), "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        return enrolled.server().id();
    }

    /** A backup of {@code source} by the agent's real engine, into the server's storage on the primary. */
    private String backUp(Path source) throws IOException {
        return RepositoryEngine.backUp(issuer.issue(primary.id(), vault.id(), server), source, work);
    }

    /** The server's storage on the primary as the agent writes it. */
    private BlobStore agentStore() throws IOException {
        return StoreLocation.parse(issuer.issue(primary.id(), vault.id(), server).repository()).open(0);
    }

    /** The vault's tree on a folder location. */
    private Path tree(StorageLocation location) {
        return Path.of(location.folderPath()).resolve(vault.id().toString());
    }

    private ReplicationStatus status() {
        return runAs(security, Role.OWNER, () -> copies.status(vault.id()));
    }

    private Path source() throws IOException {
        Path source = Files.createDirectories(work.resolve("source-" + UUID.randomUUID()));
        Files.write(source.resolve("report.txt"), "quarterly numbers\n".repeat(500).getBytes());
        Files.write(source.resolve("photo.bin"), RepositoryEngine.random(300_000, 7));
        Files.createDirectories(source.resolve("sub"));
        Files.write(source.resolve("sub/notes.md"), "# notes\n".getBytes());
        return source;
    }

    @Test
    void aBackupInAFolderAppearsOnThePairedFolderAndRestoresFromThereAfterTheSiteIsLost() throws Exception {
        pairedFolders("geo");
        Path source = source();
        String point = backUp(source);

        Replicator.Pass pass = replicator.replicate(vault.id());
        assertThat(pass.error()).isNull();
        assertThat(pass.copied()).isGreaterThan(4);
        assertThat(pass.pendingBlobs()).isZero();
        assertBytesEqual(tree(primary), tree(secondary));
        ReplicationStatus status = status();
        assertThat(status.phase()).isEqualTo(ReplicationStatus.Phase.UP_TO_DATE);
        assertThat(status.totalBlobs()).isEqualTo(pass.copied());
        assertThat(status.lastCopiedAt()).isNotNull();
        assertThat(replicator.replicate(vault.id()).copied()).as("a second pass copies nothing").isZero();

        assertThatThrownBy(() -> runAs(security, Role.OPERATOR, () -> copies.readGrant(server)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Cross Region Restore is off");
        runAs(security, Role.CONTRIBUTOR, () -> copies.setCrossRegionRestore(vault.id(), true));

        deleteTree(tree(primary)); // the primary site is lost
        StorageGrant grant = runAs(security, Role.OPERATOR, () -> copies.readGrant(server));
        assertThat(grant.repository()).startsWith("folder:" + secondary.folderPath());
        RepositoryEngine.assertRestores(grant, point, source, work);
    }

    @Test
    void betweenTwoAzureAccountsTheCopyIsServerSideAndTheRestoreGrantOnlyReads() throws Exception {
        Azurite azurite = Azurite.twoRegions();
        StorageLocation west = location(new StorageLocationForm(name("west"), "West", StorageKind.AZURE_BLOB,
                null, azurite.secondBlobEndpoint(), Azurite.SECOND_KEY, null));
        vaultWithServer("geo-az", location(new StorageLocationForm(name("east"), "East", StorageKind.AZURE_BLOB,
                null, azurite.blobEndpoint(), Azurite.KEY, west.id())), west);
        Path source = source();
        String point = backUp(source);

        Replicator.Pass pass = replicator.replicate(vault.id());
        assertThat(pass.error()).isNull();
        assertThat(pass.copied()).isGreaterThan(4);
        String container = StorageAccessIssuer.containerOf(server);
        var eastContainer = container(azurite.blobEndpoint(), container, Azurite.ACCOUNT, Azurite.KEY);
        var westContainer = container(azurite.secondBlobEndpoint(), container, Azurite.SECOND_ACCOUNT,
                Azurite.SECOND_KEY);
        Map<String, byte[]> eastBlobs = new TreeMap<>();
        eastContainer.listBlobs().forEach(b -> eastBlobs.put(b.getName(),
                eastContainer.getBlobClient(b.getName()).downloadContent().toBytes()));
        assertThat(eastBlobs).hasSize(pass.copied());
        eastBlobs.forEach((name, bytes) -> assertThat(westContainer.getBlobClient(name).downloadContent().toBytes())
                .as(name).isEqualTo(bytes));

        runAs(security, Role.CONTRIBUTOR, () -> copies.setCrossRegionRestore(vault.id(), true));
        eastContainer.delete(); // the primary region is lost
        StorageGrant grant = runAs(security, Role.OPERATOR, () -> copies.readGrant(server));
        assertThat(grant.repository()).startsWith("azure:" + azurite.secondBlobEndpoint() + "/" + container + "?")
                .contains("sp=rl");
        assertThat(grant.expiresAt()).isBefore(Instant.now().plus(Duration.ofHours(2)));
        RepositoryEngine.assertRestores(grant, point, source, work);
        var readOnly = new BlobContainerClientBuilder().endpoint(grant.repository().substring("azure:".length()))
                .httpClient(new JdkHttpClientBuilder().build()).buildClient();
        assertThatThrownBy(() -> readOnly.getBlobClient("packs/00/intruder").upload(BinaryData.fromString("x")))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
    }

    private static BlobContainerClient container(String endpoint, String container, String account, String key) {
        return new BlobContainerClientBuilder().endpoint(endpoint).containerName(container)
                .credential(new StorageSharedKeyCredential(account, key))
                .httpClient(new JdkHttpClientBuilder().build()).buildClient();
    }

    @Test
    void aConsoleStoppedMidwayResumesWithoutCopyingAnythingTwice() throws Exception {
        pairedFolders("geo-stop");
        BlobStore agent = agentStore();
        int blobs = 24;
        for (int i = 0; i < blobs; i++) {
            byte[] pack = RepositoryEngine.random(64 * 1024, i);
            String id = String.format("%02x", i) + UUID.randomUUID().toString().replace("-", "");
            agent.put("packs/" + id.substring(0, 2) + "/" + id, pack, 0, pack.length);
        }

        CompletableFuture<Replicator.Pass> first = CompletableFuture.supplyAsync(() -> replicator.replicate(vault.id()));
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded() >= 6);
        replicator.stop(); // the console shuts down mid-pass
        Replicator.Pass stopped = first.get();
        assertThat(stopped.copied()).isLessThan(blobs).isEqualTo((int) recorded());
        assertThat(stopped.pendingBlobs()).isEqualTo(blobs - stopped.copied());
        Map<String, Instant> copiedBefore = copiedAt();
        // the last copy landed but the console died before recording it
        String unrecorded = copiedBefore.keySet().iterator().next();
        jdbc.sql("delete from replica_blob where vault_id = :v and name = :n").param("v", vault.id())
                .param("n", unrecorded).update();
        copiedBefore.remove(unrecorded);

        replicator.start(); // the console is back
        Replicator.Pass resumed = replicator.replicate(vault.id());
        assertThat(resumed.error()).isNull();
        assertThat(resumed.alreadyThere()).as("found on the secondary, recorded, not copied").isEqualTo(1);
        assertThat(resumed.copied()).isEqualTo(blobs - stopped.copied());
        assertThat(resumed.pendingBlobs()).isZero();
        Map<String, Instant> copiedAfter = copiedAt();
        assertThat(copiedAfter).hasSize(blobs);
        copiedBefore.forEach((name, at) -> assertThat(copiedAfter.get(name)).as(name).isEqualTo(at));
        assertBytesEqual(tree(primary), tree(secondary));
    }

    @Test
    void whatRetentionRemovesLeavesTheSecondaryOnlyAfterTheSoftDeletePeriod() throws Exception {
        pairedFolders("geo-purge");
        byte[] pack = RepositoryEngine.random(1000, 1);
        String name = "packs/ab/ab" + "0".repeat(62);
        agentStore().put(name, pack, 0, pack.length);
        replicator.replicate(vault.id());
        Path copy = tree(secondary).resolve(StorageAccessIssuer.containerOf(server)).resolve(name);
        Path deletedCopy = tree(secondary).resolve(StorageAccessIssuer.containerOf(server) + "-deleted").resolve(name);
        assertThat(copy).exists();

        ServerStorage.Container primaryStorage = serverStorage.open(primary.id(), vault.id(), server);
        primaryStorage.move(name, ServerStorage.DELETED + name); // retention soft-deletes it
        replicator.replicate(vault.id());
        assertThat(copy).as("kept: the primary may still bring it back").exists();
        assertThat(deletedCopy).exists();
        CLOCK.advance(Duration.ofDays(vault.softDeleteDays()).minusHours(1));
        assertThat(replicator.replicate(vault.id()).removed()).isZero();
        assertThat(copy).exists();
        CLOCK.advance(Duration.ofHours(2));
        assertThat(replicator.replicate(vault.id()).removed()).isEqualTo(1);
        assertThat(copy).doesNotExist();
        assertThat(deletedCopy).exists();

        primaryStorage.delete(ServerStorage.DELETED + name); // the purge
        replicator.replicate(vault.id());
        CLOCK.advance(Duration.ofDays(vault.softDeleteDays()).minusHours(1));
        replicator.replicate(vault.id());
        assertThat(deletedCopy).as("the secondary keeps it for one more soft-delete period").exists();
        CLOCK.advance(Duration.ofHours(2));
        replicator.replicate(vault.id());
        assertThat(deletedCopy).doesNotExist();
    }

    @Test
    void aZoneRedundantVaultIsRefusedOnAnAccountThatIsNotAndLocallyRedundantCopiesNothing() throws Exception {
        Azurite azurite = Azurite.shared();
        StorageLocation account = location(new StorageLocationForm(name("grs"), "Azurite", StorageKind.AZURE_BLOB,
                null, azurite.blobEndpoint(), Azurite.KEY, null));
        Vault zoned = vaults.create("zrs", account.id());
        assertThatThrownBy(() -> runAs(security, Role.OWNER,
                () -> vaultService.changeRedundancy(zoned.id(), StorageRedundancy.ZONE_REDUNDANT)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("is not zone-redundant")
                .hasMessageContaining("Standard_RAGRS");

        pairedFolders("lrs");
        runAs(security, Role.OWNER,
                () -> vaultService.changeRedundancy(vault.id(), StorageRedundancy.LOCALLY_REDUNDANT));
        agentStore().put("config", new byte[] {1, 2, 3}, 0, 3);
        assertThat(replicator.replicate(vault.id()).phase()).isEqualTo(ReplicationStatus.Phase.NOT_REPLICATED);
        assertThat(tree(secondary)).doesNotExist();
        assertThatThrownBy(() -> runAs(security, Role.OWNER, () -> copies.setCrossRegionRestore(vault.id(), true)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs a geo-redundant vault");
    }

    @Test
    void aRePairedLocationIsSeededAgain() throws Exception {
        pairedFolders("geo-repair");
        backUp(source());
        int copied = replicator.replicate(vault.id()).copied();

        StorageLocation second = folder("second", null);
        runAs(security, Role.OWNER, () -> locations.update(primary.id(), new StorageLocationForm(primary.name(),
                primary.displayName(), StorageKind.FOLDER, primary.folderPath(), null, null, second.id())));
        ReplicationStatus waiting = status();
        assertThat(waiting.phase()).isEqualTo(ReplicationStatus.Phase.WAITING);
        assertThat(waiting.secondaryName()).isEqualTo(second.displayName());
        assertThat(replicator.replicate(vault.id()).copied()).isEqualTo(copied);
        assertBytesEqual(tree(primary), tree(second));
        ReplicationStatus seeded = status();
        assertThat(seeded.phase()).isEqualTo(ReplicationStatus.Phase.UP_TO_DATE);
        assertThat(seeded.seeding()).isFalse();
    }

    @Test
    void verifyFindsASecondaryCopyThatDiffersAndALaggingSecondaryIsAlertedAndCounted() throws Exception {
        pairedFolders("geo-verify");
        backUp(source());
        replicator.replicate(vault.id());

        var clean = verifier.verify(vault.id(), "tester");
        assertThat(clean).singleElement().satisfies(r -> {
            assertThat(r.status()).as(r.detail()).isEqualTo(JobStatus.COMPLETED);
            assertThat(r.sampled()).isEqualTo(r.compared());
        });
        Path tree = tree(secondary).resolve(StorageAccessIssuer.containerOf(server));
        Path pack;
        try (var walk = Files.walk(tree.resolve("packs"))) {
            pack = walk.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(pack);
        bytes[bytes.length / 2] ^= 1; // bit rot on the secondary, same size
        Files.write(pack, bytes);
        Files.delete(tree.resolve("config"));
        var damaged = verifier.verify(vault.id(), "tester");
        assertThat(damaged).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(JobStatus.FAILED);
            assertThat(r.hashDiffers()).isEqualTo(1);
            assertThat(r.missing()).isEqualTo(1);
            assertThat(r.detail()).contains("config").contains(tree.relativize(pack).toString().replace('\\', '/'));
            assertThat(runAs(security, Role.OWNER, () -> jobs.find(r.jobId()))).get().satisfies(j -> assertThat(j.status())
                    .isEqualTo(JobStatus.FAILED));
        });

        // the secondary becomes unreachable (a file where its folder should be) while the agent writes more
        Path secondaryRoot = Path.of(secondary.folderPath());
        deleteTree(secondaryRoot);
        Files.writeString(secondaryRoot, "not a folder");
        agentStore().put("index/" + "1".repeat(64), new byte[] {1, 2, 3}, 0, 3);
        Replicator.Pass failed = replicator.replicate(vault.id());
        assertThat(failed.error()).isNotNull();
        assertThat(failed.pendingBlobs()).isPositive();
        assertThat(openLagAlerts()).isZero();
        CLOCK.advance(Duration.ofHours(2));
        replicator.replicate(vault.id());
        assertThat(openLagAlerts()).isEqualTo(1);
        assertThat(runAs(security, Role.OWNER, () -> dashboards.replicationLagging(vault.id()))).isEqualTo(1);
        assertThat(meters.get("vaultfleet.replication.lagging.vaults").gauge().value()).isGreaterThanOrEqualTo(1);
        ReplicationStatus lagging = status();
        assertThat(lagging.phase()).isEqualTo(ReplicationStatus.Phase.LAGGING);
        assertThat(ReplicationSections.describe(lagging)).startsWith("Lagging by ");

        Files.delete(secondaryRoot);
        Files.createDirectories(secondaryRoot);
        Replicator.Pass healed = replicator.replicate(vault.id());
        assertThat(healed.error()).isNull();
        assertThat(healed.pendingBlobs()).isZero();
        assertThat(openLagAlerts()).isZero();
        assertThat(runAs(security, Role.OWNER, () -> dashboards.replicationLagging(vault.id()))).isZero();
    }

    @Test
    void aFinishedBackupNudgesItsVaultsReplicationWithoutWaitingForTheScan() throws Exception {
        pairedFolders("geo-nudge");
        backUp(source());
        assertThat(tree(secondary)).doesNotExist();

        events.publishEvent(new BackupJobEnded(UUID.randomUUID(), vault.id(), server, "geo", "FILES_AND_FOLDERS",
                JobStatus.COMPLETED, null, null, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status().phase() == ReplicationStatus.Phase.UP_TO_DATE);
        assertBytesEqual(tree(primary), tree(secondary));
    }

    private long openLagAlerts() {
        return jdbc.sql("select count(*) from vault_alert where vault_id = :v and rule = 'REPLICATION_LAGGING'"
                + " and state <> 'RESOLVED'").param("v", vault.id()).query(Long.class).single();
    }

    private long recorded() {
        return jdbc.sql("select count(*) from replica_blob where vault_id = :v").param("v", vault.id())
                .query(Long.class).single();
    }

    private Map<String, Instant> copiedAt() {
        Map<String, Instant> result = new TreeMap<>();
        jdbc.sql("select name, copied_at from replica_blob where vault_id = :v").param("v", vault.id())
                .query((rs, n) -> Map.entry(rs.getString("name"), Timestamps.fromDb(rs, "copied_at")))
                .list().forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    private static void assertBytesEqual(Path primary, Path secondary) throws IOException {
        Map<String, byte[]> a = RepositoryEngine.state(primary);
        Map<String, byte[]> b = RepositoryEngine.state(secondary);
        assertThat(a).isNotEmpty();
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
