package io.vaultfleet.console.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.BackupOptions;
import io.vaultfleet.agent.backup.BackupResult;
import io.vaultfleet.agent.repo.RepoConfig;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.restore.RestoreResult;
import io.vaultfleet.agent.restore.Restorer;
import io.vaultfleet.agent.source.FileSelection;
import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.StoreLocation;
import io.vaultfleet.agent.verify.Verifier;
import io.vaultfleet.agent.verify.VerifyReport;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.ReportingServer;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.RecoveryPointCreated;
import io.vaultfleet.protocol.enrollment.StorageGrant;

/**
 * The agent's real backup engine on a server's console-assigned storage (the folder or the Azure container SAS the
 * console grants, without delete), reporting each recovery point to the console's catalog as the agent's outbox
 * does.
 */
final class AgentEngine {
    private static final RepoConfig.KdfDefaults CHEAP_KDF = new RepoConfig.KdfDefaults("argon2id", 1024, 1, 1);
    private static final char[] PASSPHRASE = "a long enough test passphrase".toCharArray();

    final BlobStore store;
    final Repository repo;
    final Path source;
    private final Path work;
    private final ReportingServer server;
    private final RecoveryPointCatalog catalog;

    AgentEngine(StorageGrant grant, UnaryOperator<BlobStore> wrap, Path work, ReportingServer server,
                RecoveryPointCatalog catalog) throws IOException {
        this.store = wrap.apply(StoreLocation.parse(grant.repository()).open(0));
        this.repo = Repository.init(store, PASSPHRASE, CHEAP_KDF, "test-host");
        this.work = work;
        this.source = Files.createDirectories(work.resolve("source"));
        this.server = server;
        this.catalog = catalog;
    }

    /** Enrolls a new server in {@code vault} and opens the engine on the storage the console grants that server. */
    static AgentEngine forNewServer(Vault vault, FleetService fleet, StorageAccessIssuer issuer,
                                    RecoveryPointCatalog catalog, Path work, UnaryOperator<BlobStore> wrap)
            throws IOException {
        String name = "ret-" + UUID.randomUUID().toString().substring(0, 8);
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.id(), name, "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        UUID serverId = enrolled.server().id();
        return new AgentEngine(issuer.issue(vault.locationId(), vault.id(), serverId), wrap, work,
                new ReportingServer(serverId, name, vault.id()), catalog);
    }

    UUID serverId() {
        return server.id();
    }

    /** A backup of the source folder, not yet reported. */
    BackupResult backupOnly() throws Exception {
        return new Backup(Repository.open(store, PASSPHRASE), BackupOptions.defaults("files:" + source, "test-host",
                new FileSelection(List.of(source), List.of(), List.of()), work.resolve("cache"))).run();
    }

    /** A backup of the source folder, reported to the console. */
    BackupResult backup() throws Exception {
        BackupResult result = backupOnly();
        report(result);
        return result;
    }

    void report(BackupResult result) {
        var c = result.catalog();
        catalog.store(server, new RecoveryPointCreated(UUID.randomUUID().toString(), c.recoveryPointId(),
                "FILES_AND_FOLDERS", Instant.parse(c.time()), c.files(), c.totalBytes(), c.storedBytesAdded(),
                c.reusedBytes(), c.packIds()));
    }

    /**
     * A recovery point as the console sees it, without the engine: its snapshot blob and its packs written to the
     * server's storage (opaque bytes: the console never reads them) and its catalog record reported.
     */
    void reportStored(String recoveryPointId, Instant createdAt, List<String> packIds) throws IOException {
        for (String pack : packIds) {
            byte[] bytes = random(1_000, pack.hashCode());
            store.put("packs/" + pack.substring(0, 2) + "/" + pack, bytes, 0, bytes.length);
        }
        byte[] snapshot = random(200, recoveryPointId.hashCode());
        store.put("snapshots/" + recoveryPointId, snapshot, 0, snapshot.length);
        catalog.store(server, new RecoveryPointCreated(UUID.randomUUID().toString(), recoveryPointId,
                "FILES_AND_FOLDERS", createdAt, 1, 1_000, 1_000, 0, packIds));
    }

    /** The source folder's files and their bytes now, to compare a restore with. */
    Map<String, byte[]> sourceState() throws IOException {
        return state(source);
    }

    /** Restores a point and checks it is byte for byte {@code expected}, and that verify --read-data passes. */
    void assertRestores(String recoveryPointId, Map<String, byte[]> expected) throws Exception {
        Repository opened = Repository.open(store, PASSPHRASE);
        Path out = work.resolve("restore-" + UUID.randomUUID());
        RestoreResult result = new Restorer(opened).restore(new Restorer.Options(recoveryPointId, List.of(), out, 2));
        assertThat(result.problems()).as("restore problems of " + recoveryPointId).isEmpty();
        Map<String, byte[]> restored = state(out.resolve(source.toString().substring(1)));
        assertThat(restored.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(restored.get(name)).as(name).isEqualTo(bytes));
        VerifyReport report = new Verifier(opened).verify(true, 2);
        assertThat(report.problems()).as("verify --read-data").isEmpty();
    }

    List<String> snapshotIds() throws IOException {
        return repo.snapshotIds();
    }

    List<String> storedPacks() throws IOException {
        return new ArrayList<>(repo.storedPacks().keySet());
    }

    List<String> blobs(String prefix) throws IOException {
        return store.list(prefix).stream().map(b -> b.name()).sorted().toList();
    }

    private static Map<String, byte[]> state(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    static byte[] random(int n, long seed) {
        byte[] data = new byte[n];
        new java.util.Random(seed).nextBytes(data);
        return data;
    }
}
