package io.vaultfleet.console.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.BackupOptions;
import io.vaultfleet.agent.repo.RepoConfig;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.restore.RestoreResult;
import io.vaultfleet.agent.restore.Restorer;
import io.vaultfleet.agent.source.FileSelection;
import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.StoreLocation;
import io.vaultfleet.agent.verify.Verifier;
import io.vaultfleet.protocol.enrollment.StorageGrant;

/** The agent's real engine: backs a folder up to the storage a grant names, and restores from a (read-only) grant. */
final class RepositoryEngine {
    private static final RepoConfig.KdfDefaults CHEAP_KDF = new RepoConfig.KdfDefaults("argon2id", 1024, 1, 1);
    /** The passphrase of every repository these tests write. */
    static final char[] PASSPHRASE = "a long enough test passphrase".toCharArray();

    private RepositoryEngine() {
    }

    /** Initialises the repository and backs {@code source} up; returns the recovery point id. */
    static String backUp(StorageGrant grant, Path source, Path work) throws IOException {
        BlobStore store = StoreLocation.parse(grant.repository()).open(0);
        Repository.init(store, PASSPHRASE, CHEAP_KDF, "test-host");
        try {
            return new Backup(Repository.open(store, PASSPHRASE), BackupOptions.defaults("files:" + source, "test-host",
                    new FileSelection(List.of(source), List.of(), List.of()), work.resolve("cache"))).run()
                    .catalog().recoveryPointId();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** Restores {@code recoveryPointId} from the storage {@code grant} names and checks it byte for byte. */
    static void assertRestores(StorageGrant grant, String recoveryPointId, Path source, Path work) throws Exception {
        BlobStore store = StoreLocation.parse(grant.repository()).open(0);
        Repository opened = Repository.open(store, PASSPHRASE);
        Path out = work.resolve("restore-" + UUID.randomUUID());
        RestoreResult result = new Restorer(opened).restore(new Restorer.Options(recoveryPointId, List.of(), out, 2));
        assertThat(result.problems()).as("restore problems").isEmpty();
        Map<String, byte[]> expected = state(source);
        Map<String, byte[]> restored = state(out.resolve(source.toString().substring(1)));
        assertThat(restored.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(restored.get(name)).as(name).isEqualTo(bytes));
        assertThat(new Verifier(opened).verify(true, 2).problems()).as("verify --read-data").isEmpty();
    }

    static Map<String, byte[]> state(Path root) throws IOException {
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

    static byte[] random(int n, long seed) {
        byte[] data = new byte[n];
        new java.util.Random(seed).nextBytes(data);
        return data;
    }
}
