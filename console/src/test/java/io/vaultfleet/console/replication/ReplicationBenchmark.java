package io.vaultfleet.console.replication;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.TestPropertySource;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.StorageSharedKeyCredential;

import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.StoreLocation;
import io.vaultfleet.testsupport.BenchResults;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.BackupJobEnded;
import io.vaultfleet.console.jobs.JobStatus;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.console.storage.StorageKind;
import io.vaultfleet.console.storage.StorageLocation;
import io.vaultfleet.console.storage.StorageLocationForm;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.testsupport.Azurite;

/**
 * Replication throughput next to a plain copy of the same blobs in the same run, and the lag after a 5% change
 * (the nudge a finished backup gives). Packs of 4 MiB of random bytes named by their SHA-256, as the agent lays
 * them out. Tagged {@code benchmark}: run by {@code bench/replication.sh}, never in the build's tests.
 */
@Tag("benchmark")
@ConsoleTest
@TestPropertySource(properties = {"vaultfleet.replication.bytes-per-second=10737418240",
        "vaultfleet.replication.parallel-copies=${bench.parallel-copies:8}",
        "vaultfleet.replication.initial-delay=1d"})
class ReplicationBenchmark {
    private static final int PACKS = Integer.getInteger("bench.replication.packs", 100);
    private static final int ROUNDS = Integer.getInteger("bench.replication.rounds", 3);
    /** Copies at once: the console's default (decision 029), or -Dbench.parallel-copies. */
    private static final int PARALLEL = Integer.getInteger("bench.parallel-copies", 8);
    private static final int PACK_BYTES = 4 * 1024 * 1024;

    @Autowired Replicator replicator;
    @Autowired SecondaryCopies copies;
    @Autowired TestVaults vaults;
    @Autowired StorageLocationService locations;
    @Autowired StorageAccessIssuer issuer;
    @Autowired FleetService fleet;
    @Autowired ApplicationEventPublisher events;
    @Autowired SecurityContextHolderStrategy security;

    @TempDir
    Path work;

    private record Setup(Vault vault, UUID server, BlobStore agent) {
    }

    @Test
    void replicationNextToAPlainCopy() throws Exception {
        StringBuilder rows = new StringBuilder();
        // folders: each round a fresh vault; the source's own writes are flushed (sync) before every timed step, so
        // no step pays for another's dirty pages (sync -f syncs the whole file system, the source's included)
        List<Double> plain = new ArrayList<>();
        List<Double> durable = new ArrayList<>();
        List<Double> replica = new ArrayList<>();
        List<Double> idle = new ArrayList<>();
        List<Double> hashing = new ArrayList<>();
        long bytes = 0;
        Setup folder = null;
        for (int round = 0; round < ROUNDS; round++) {
            Path west = Files.createDirectories(work.resolve("west-" + round));
            Path east = Files.createDirectories(work.resolve("east-" + round));
            StorageLocation folderSecondary = location(new StorageLocationForm(name("west"), "West",
                    StorageKind.FOLDER, west.toString(), null, null, null));
            StorageLocation folderPrimary = location(new StorageLocationForm(name("east"), "East", StorageKind.FOLDER,
                    east.toString(), null, null, folderSecondary.id()));
            folder = setup(folderPrimary);
            bytes = write(folder.agent(), PACKS, round * 10_000);
            Path vaultTree = east.resolve(folder.vault().id().toString());
            hashing.add(timed(() -> sha256Of(vaultTree)));
            plain.add(timed(() -> run("cp", "-r", vaultTree.toString(), work.resolve("plain-" + UUID.randomUUID())
                    .toString())));
            durable.add(timed(() -> run("sh", "-c", "cp -r \"$0\" \"$1\" && sync -f \"$1\"", vaultTree.toString(),
                    work.resolve("durable-" + UUID.randomUUID()).toString())));
            Setup s = folder;
            replica.add(timed(() -> assertThat(replicator.replicate(s.vault().id()).copied()).isEqualTo(PACKS)));
            idle.add(timed(() -> assertThat(replicator.replicate(s.vault().id()).copied()).isZero()));
        }
        rows.append(row("Folder → folder, first copy", PACKS, bytes, median(plain), "`cp -r` (page cache only)",
                median(replica)));
        rows.append(row("Folder → folder, first copy, durable", PACKS, bytes, median(durable), "`cp -r` + `sync -f`",
                median(replica)));
        rows.append("| Folder: replication pass with nothing to copy (list both sides, read the database) | ")
                .append(PACKS).append(" | | | | ").append(String.format("%.2f s", median(idle))).append(" | |\n");
        rows.append("| Folder: SHA-256 of every blob in the console's JVM (what a streamed copy pays on top) | ")
                .append(PACKS).append(String.format(" | %.0f MiB | | | %.2f s (%.0f MiB/s) | |%n", bytes / 1048576.0,
                        median(hashing), bytes / 1048576.0 / median(hashing)));
        double lag = lagAfterChange(folder);
        rows.append("| Folder → folder, lag after a 5% change (").append(PACKS / 20).append(" new packs, nudged by the "
                + "finished backup) | | | | | ").append(String.format("%.2f s", lag)).append(" | |\n");

        // two Azurite accounts
        Azurite azurite = Azurite.twoRegions();
        StorageLocation azureSecondary = location(new StorageLocationForm(name("west"), "West", StorageKind.AZURE_BLOB,
                null, azurite.secondBlobEndpoint(), Azurite.SECOND_KEY, null));
        StorageLocation azurePrimary = location(new StorageLocationForm(name("east"), "East", StorageKind.AZURE_BLOB,
                null, azurite.blobEndpoint(), Azurite.KEY, azureSecondary.id()));
        List<Double> sdk = new ArrayList<>();
        List<Double> azureReplica = new ArrayList<>();
        Setup azure = null;
        for (int round = 0; round < ROUNDS; round++) {
            azure = setup(azurePrimary);
            bytes = write(azure.agent(), PACKS, 1_000_000 + round * 10_000);
            String container = StorageAccessIssuer.containerOf(azure.server());
            BlobContainerClient source = client(azurite.blobEndpoint(), Azurite.ACCOUNT, Azurite.KEY, container);
            BlobContainerClient plainTarget = client(azurite.secondBlobEndpoint(), Azurite.SECOND_ACCOUNT,
                    Azurite.SECOND_KEY, "plain-" + UUID.randomUUID().toString().substring(0, 8));
            plainTarget.create();
            sdk.add(timed(() -> {
                var expiry = java.time.OffsetDateTime.now().plusHours(1);
                for (var blob : source.listBlobs()) {
                    var from = source.getBlobClient(blob.getName());
                    String sas = from.generateSas(new BlobServiceSasSignatureValues(expiry,
                            new BlobSasPermission().setReadPermission(true)));
                    plainTarget.getBlobClient(blob.getName()).beginCopy(from.getBlobUrl() + "?" + sas,
                            Duration.ofMillis(200)).waitForCompletion(Duration.ofMinutes(5));
                }
            }));
            Setup s = azure;
            azureReplica.add(timed(() -> assertThat(replicator.replicate(s.vault().id()).copied()).isEqualTo(PACKS)));
        }
        rows.append(row("Azurite account → account (server-side), first copy", PACKS, bytes, median(sdk),
                "SDK `beginCopy` per blob, one at a time", median(azureReplica)));
        lag = lagAfterChange(azure);
        rows.append("| Azurite → Azurite, lag after a 5% change | | | | | ").append(String.format("%.2f s", lag))
                .append(" | |\n");

        BenchResults.writeSection("replication", "<!-- replication:begin (bench/replication.sh) -->\n"
                + "### Geo-replication (issue 20)\n\n" + BenchResults.runStamp() + ". " + PACKS + " packs of 4 MiB of "
                + "random bytes per case, written the way the agent lays them out; medians of " + ROUNDS + " rounds, "
                + "each on a fresh vault; the plain copy and the replication copy the same blobs in the same round; "
                + "`sync` before every timed step; rate limit off, " + PARALLEL + " copies at once. Replication is "
                + "durable (each blob fsynced before it is recorded), so the fair peer is `cp -r` + `sync -f`; `cp -r` "
                + "alone (bytes left in the page cache) is kept as a row. Lag: from the finished backup's event to the "
                + "vault's secondary up to date. Goals: lag under 60 s after a 5% change; throughput at least 80% of "
                + "the plain copy.\n\n| Case | Blobs | Bytes | Plain copy | with | Replication | Replication / plain |\n"
                + "| --- | ---: | ---: | ---: | --- | ---: | ---: |\n" + rows + "\n<!-- replication:end -->\n");
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Seconds {@code step} took, after flushing what earlier steps left dirty. */
    private static double timed(Step step) throws Exception {
        run("sync");
        long t0 = System.nanoTime();
        step.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void run(String... command) throws Exception {
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).as(String.join(" ", command)).isZero();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void sha256Of(Path tree) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        try (var files = Files.walk(tree)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                try (var in = Files.newInputStream(p)) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        sha.update(buffer, 0, n);
                    }
                }
            }
        }
        sha.digest();
    }

    private static String row(String name, int blobs, long bytes, double plain, String how, double replica) {
        return String.format("| %s | %d | %.0f MiB | %.2f s (%.0f MiB/s) | %s | %.2f s (%.0f MiB/s) | %.0f%% |%n", name,
                blobs, bytes / 1048576.0, plain, bytes / 1048576.0 / plain, how, replica, bytes / 1048576.0 / replica,
                100 * plain / replica);
    }

    private double lagAfterChange(Setup s) throws Exception {
        write(s.agent(), PACKS / 20, 5000);
        long t0 = System.nanoTime();
        events.publishEvent(new BackupJobEnded(UUID.randomUUID(), s.vault().id(), s.server(), "bench",
                "FILES_AND_FOLDERS", JobStatus.COMPLETED, null, null, java.time.Instant.now()));
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            ReplicationStatus st = runAs(security, Role.OWNER, () -> copies.status(s.vault().id()));
            return st.phase() == ReplicationStatus.Phase.UP_TO_DATE && st.totalBlobs() == PACKS + PACKS / 20;
        });
        return (System.nanoTime() - t0) / 1e9;
    }

    private Setup setup(StorageLocation primary) throws Exception {
        Vault vault = vaults.create("bench-geo", primary.id());
        UUID server = ((FleetService.Enrolled) fleet.enroll(vault.id(), name("bench"), "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()))).server().id();
        return new Setup(vault, server, StoreLocation.parse(issuer.issue(primary.id(), vault.id(), server).repository())
                .open(0));
    }

    private static long write(BlobStore agent, int packs, int seed) throws Exception {
        long total = 0;
        for (int i = 0; i < packs; i++) {
            byte[] pack = RepositoryEngine.random(PACK_BYTES, seed + i);
            String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pack));
            agent.put("packs/" + id.substring(0, 2) + "/" + id, pack, 0, pack.length);
            total += pack.length;
        }
        return total;
    }

    private StorageLocation location(StorageLocationForm form) {
        return runAs(security, Role.OWNER, () -> locations.create(form));
    }

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static BlobContainerClient client(String endpoint, String account, String key, String container) {
        return new BlobContainerClientBuilder().endpoint(endpoint).containerName(container)
                .credential(new StorageSharedKeyCredential(account, key))
                .httpClient(new JdkHttpClientBuilder().build()).buildClient();
    }
}
