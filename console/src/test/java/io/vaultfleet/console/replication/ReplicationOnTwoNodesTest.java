package io.vaultfleet.console.replication;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.StoreLocation;
import io.vaultfleet.console.ConsoleApplication;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.console.storage.StorageKind;
import io.vaultfleet.console.storage.StorageLocation;
import io.vaultfleet.console.storage.StorageLocationForm;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.testsupport.EmbeddedPostgres;

/**
 * Two console nodes on one PostgreSQL (as {@code TwoConsoleNodesTest} runs them): a vault's replication runs on one
 * node at a time (its lease in ShedLock's table), the other node's pass does nothing meanwhile, and when the node
 * replicating dies mid-pass the other takes the vault over once the lease has run out and finishes it without copying
 * again what the first recorded. Copies are rate-limited to 128 KiB/s (60 blobs of 64 KiB: about 30 s) so a pass lasts long enough to be
 * caught.
 */
class ReplicationOnTwoNodesTest {
    private static final Duration LEASE = Duration.ofSeconds(6);
    private static EmbeddedPostgres postgres;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;
    private static Path folders;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        postgres = EmbeddedPostgres.start();
        String url = postgres.createDatabase("vaultfleet");
        Path data = Path.of("target", "test-data", "replication-two-nodes-" + UUID.randomUUID()).toAbsolutePath();
        Path masterKey = data.resolve("master-key.txt");
        Files.createDirectories(data);
        Files.writeString(masterKey, "replication-two-nodes-master-key-" + UUID.randomUUID());
        folders = Files.createDirectories(data.resolve("storage")); // the folder every node mounts (NFS in production)
        nodeA = node("node-a", url, data.resolve("a"), masterKey);
        nodeB = node("node-b", url, data.resolve("b"), masterKey);
    }

    private static ConfigurableApplicationContext node(String id, String url, Path data, Path masterKey) {
        return new SpringApplicationBuilder(ConsoleApplication.class).profiles("test", "postgres").run(
                "--server.port=0", "--vaultfleet.node-id=" + id, "--vaultfleet.data-dir=" + data,
                "--vaultfleet.master-key-file=" + masterKey,
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--vaultfleet.replication.initial-delay=1d",
                "--vaultfleet.replication.bytes-per-second=131072", "--vaultfleet.replication.lease=" + LEASE.toMillis() + "ms");
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {nodeA, nodeB}) {
            if (node != null && node.isActive()) {
                node.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static StorageLocation folder(String dir, UUID pair) throws Exception {
        Path path = Files.createDirectories(folders.resolve(dir + "-" + UUID.randomUUID()));
        return runAs(nodeA.getBean(SecurityContextHolderStrategy.class), Role.OWNER,
                () -> nodeA.getBean(StorageLocationService.class).create(new StorageLocationForm(
                        dir + "-" + UUID.randomUUID().toString().substring(0, 6), dir, StorageKind.FOLDER,
                        path.toString(), null, null, pair)));
    }

    private static long recorded(UUID vaultId) {
        return nodeA.getBean(JdbcClient.class).sql("select count(*) from replica_blob where vault_id = :v")
                .param("v", vaultId).query(Long.class).single();
    }

    private static Map<String, Instant> copiedAt(UUID vaultId) {
        Map<String, Instant> at = new HashMap<>();
        nodeA.getBean(JdbcClient.class).sql("select name, copied_at from replica_blob where vault_id = :v")
                .param("v", vaultId).query((rs, n) -> at.put(rs.getString(1), rs.getTimestamp(2).toInstant())).list();
        return at;
    }

    private static String leaseHolder(UUID vaultId) {
        return nodeA.getBean(JdbcClient.class).sql("select locked_by from shedlock where name = :n")
                .param("n", VaultLeases.name(vaultId)).query(String.class).optional().orElse(null);
    }

    @Test
    void oneNodeReplicatesAVaultAtATimeAndAnotherTakesItOverWhenThatNodeDies() throws Exception {
        StorageLocation secondary = folder("secondary", null);
        StorageLocation primary = folder("primary", secondary.id());
        Vault vault = nodeA.getBean(TestVaults.class).create("geo-two-nodes", primary.id());
        var enrolled = (FleetService.Enrolled) nodeA.getBean(FleetService.class).enroll(vault.id(), "geo-node-test",
                "Linux", "6.1", "0.1.0", AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        BlobStore agent = StoreLocation.parse(nodeA.getBean(StorageAccessIssuer.class)
                .issue(primary.id(), vault.id(), enrolled.server().id()).repository()).open(0);
        int blobs = 60;
        for (int i = 0; i < blobs; i++) {
            byte[] pack = RepositoryEngine.random(64 * 1024, i);
            String id = String.format("%02x", i) + UUID.randomUUID().toString().replace("-", "");
            agent.put("packs/" + id.substring(0, 2) + "/" + id, pack, 0, pack.length);
        }
        Replicator onA = nodeA.getBean(Replicator.class);
        Replicator onB = nodeB.getBean(Replicator.class);

        CompletableFuture<Replicator.Pass> passOnA = CompletableFuture.supplyAsync(() -> onA.replicate(vault.id()));
        await().atMost(Duration.ofSeconds(60)).until(() -> recorded(vault.id()) >= 3);
        assertThat(leaseHolder(vault.id())).isEqualTo("node-a");
        Replicator.Pass meanwhileOnB = onB.replicate(vault.id());
        assertThat(meanwhileOnB.notRun()).contains("another console node");
        assertThat(meanwhileOnB.copied()).isZero();
        // the lease is renewed while A's pass runs past its first term
        Thread.sleep(LEASE.toMillis() + 1000);
        assertThat(passOnA).isNotDone();
        assertThat(onB.replicate(vault.id()).notRun()).as("still A's, renewed").isNotNull();

        onA.dieForTest(); // node A dies mid-pass: it stops copying and neither renews nor releases its lease
        Replicator.Pass died = passOnA.get();
        assertThat(died.copied()).isPositive().isLessThan(blobs);
        Map<String, Instant> copiedByA = copiedAt(vault.id());
        assertThat(copiedByA).hasSize(died.copied());
        assertThat(onB.replicate(vault.id()).notRun()).as("the dead node's lease has not run out yet").isNotNull();

        await().atMost(LEASE.plusSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> onB.replicate(vault.id()).notRun() == null);
        assertThat(recorded(vault.id())).isEqualTo(blobs);
        Replicator.Pass again = onB.replicate(vault.id());
        assertThat(again.notRun()).isNull();
        assertThat(again.pendingBlobs()).isZero();
        assertThat(again.copied()).isZero();
        Map<String, Instant> after = copiedAt(vault.id());
        copiedByA.forEach((name, at) -> assertThat(after.get(name)).as("copied once, by A: " + name).isEqualTo(at));
        assertThat(leaseHolder(vault.id())).isEqualTo("node-b");
        onA.start();
    }
}
