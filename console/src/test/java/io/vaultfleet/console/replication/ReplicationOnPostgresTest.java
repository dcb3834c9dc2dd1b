package io.vaultfleet.console.replication;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.StoreLocation;
import io.vaultfleet.console.ConsoleApplication;
import io.vaultfleet.console.OffsetClock;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.monitoring.DashboardService;
import io.vaultfleet.console.storage.ServerStorage;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.console.storage.StorageKind;
import io.vaultfleet.console.storage.StorageLocation;
import io.vaultfleet.console.storage.StorageLocationForm;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.identity.AgentKeys;

/** The replication SQL (V420) on a real PostgreSQL: copy, resume, soft-delete wait, removal, status and counts. */
@SpringBootTest(classes = ConsoleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "vaultfleet.replication.initial-delay=1d")
@ActiveProfiles({"test", "postgres"})
class ReplicationOnPostgresTest {
    private static final OffsetClock CLOCK = new OffsetClock();

    @TestBean(name = "clock", methodName = "offsetClock")
    Clock clock;

    static Clock offsetClock() {
        return CLOCK;
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        io.vaultfleet.console.TestPostgres.use(registry);
    }

    @Autowired
    Replicator replicator;

    @Autowired
    SecondaryCopies copies;

    @Autowired
    SecondaryCopyVerifier verifier;

    @Autowired
    DashboardService dashboards;

    @Autowired
    TestVaults vaults;

    @Autowired
    StorageLocationService locations;

    @Autowired
    StorageAccessIssuer issuer;

    @Autowired
    ServerStorage storage;

    @Autowired
    FleetService fleet;

    @Autowired
    SecurityContextHolderStrategy security;

    @TempDir
    Path work;

    @Test
    void replicateAndRemoveAfterTheSoftDeletePeriodOnPostgresql() throws Exception {
        StorageLocation secondary = folder("pg-second", null);
        StorageLocation primary = folder("pg-first", secondary.id());
        Vault vault = vaults.create("pg-geo", primary.id());
        UUID server = ((FleetService.Enrolled) fleet.enroll(vault.id(), "pg-geo-" + UUID.randomUUID().toString()
                .substring(0, 6), "Linux", "6.1", "0.1.0", AgentKeys.encodePublic(AgentKeys.generate().getPublic())))
                .server().id();
        BlobStore agent = StoreLocation.parse(issuer.issue(primary.id(), vault.id(), server).repository()).open(0);
        String name = null;
        for (int i = 0; i < 5; i++) {
            byte[] pack = RepositoryEngine.random(10_000, i);
            String id = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(pack));
            name = "packs/" + id.substring(0, 2) + "/" + id; // named by their content, as the agent names packs
            agent.put(name, pack, 0, pack.length);
        }

        Replicator.Pass first = replicator.replicate(vault.id());
        assertThat(first.error()).isNull();
        assertThat(first.copied()).isEqualTo(5);
        assertThat(replicator.replicate(vault.id()).copied()).isZero();
        ReplicationStatus status = runAs(security, Role.OWNER, () -> copies.status(vault.id()));
        assertThat(status.phase()).isEqualTo(ReplicationStatus.Phase.UP_TO_DATE);
        assertThat(status.totalBlobs()).isEqualTo(5);
        assertThat(runAs(security, Role.OWNER, () -> dashboards.replicationLagging(null))).isZero();
        assertThat(verifier.verify(vault.id(), "tester")).singleElement()
                .satisfies(r -> assertThat(r.status()).as(r.detail()).isEqualTo(io.vaultfleet.console.jobs.JobStatus.COMPLETED));

        storage.open(primary.id(), vault.id(), server).delete(name);
        replicator.replicate(vault.id());
        Path copy = Path.of(secondary.folderPath(), vault.id().toString(), StorageAccessIssuer.containerOf(server), name);
        CLOCK.advance(Duration.ofDays(vault.softDeleteDays()).minusHours(1));
        try {
            assertThat(replicator.replicate(vault.id()).removed()).isZero();
            assertThat(copy).exists();
            CLOCK.advance(Duration.ofHours(2));
            assertThat(replicator.replicate(vault.id()).removed()).isEqualTo(1);
            assertThat(copy).doesNotExist();
        } finally {
            CLOCK.reset();
        }
    }

    private StorageLocation folder(String dir, UUID pair) throws Exception {
        Path path = Files.createDirectories(work.resolve(dir));
        return runAs(security, Role.OWNER, () -> locations.create(new StorageLocationForm(
                dir + "-" + UUID.randomUUID().toString().substring(0, 6), dir, StorageKind.FOLDER, path.toString(),
                null, null, pair)));
    }
}
