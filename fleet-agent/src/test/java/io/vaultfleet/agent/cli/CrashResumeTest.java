package io.vaultfleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.SampleTree;
import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.PackEntry;
import io.vaultfleet.agent.repo.PackReader;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.testsupport.ManagedProcess;

/**
 * Kill the agent process (SIGKILL) in the middle of uploading, run the backup again, and check: the repository
 * verifies, the packs uploaded before the crash are reused (indexed from their headers, not uploaded again), and no
 * chunk is stored twice.
 */
class CrashResumeTest {
    @TempDir
    Path dir;

    @Test
    void aKilledBackupResumesWithoutUploadingStoredPacksAgain() throws Exception {
        Path passphrase = Files.writeString(dir.resolve("pass"), "crash test passphrase 42");
        String repoArg = "folder:" + dir.resolve("repo");
        Path source = dir.resolve("src");
        Files.createDirectories(source);
        for (int i = 0; i < 4; i++) {
            Files.write(source.resolve("data-" + i + ".bin"), SampleTree.random(24 * 1024 * 1024, 100 + i));
        }
        assertThat(CliRunner.run("init", "--repo", repoArg, "--passphrase-file", passphrase.toString(),
                "--kdf-memory", "1024", "--kdf-iterations", "1").exitCode()).isZero();

        List<String> command = List.of(ManagedProcess.javaExecutable(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "io.vaultfleet.agent.AgentMain", "backup", "--repo", repoArg,
                "--passphrase-file", passphrase.toString(), "--home", dir.resolve("home").toString(), "--json",
                "--limit-upload", "12288", source.toString());
        try (ManagedProcess agent = ManagedProcess.start("agent-crash", command, dir, Map.of())) {
            agent.awaitOutput("\"type\":\"pack\"", Duration.ofSeconds(60));
            agent.kill();
        }
        FolderStore store = new FolderStore(dir.resolve("repo"));
        Repository repo = Repository.open(store, passphrase(passphrase));
        Set<String> packsBeforeCrash = repo.storedPacks().keySet();
        assertThat(packsBeforeCrash).isNotEmpty();
        assertThat(repo.snapshotIds()).isEmpty();

        CliRunner rerun = CliRunner.run("backup", "--repo", repoArg, "--passphrase-file", passphrase.toString(),
                "--home", dir.resolve("home").toString(), "--json", source.toString());
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(rerun.out()).contains("\"type\":\"resumed\",\"packs\":" + packsBeforeCrash.size());
        for (String pack : packsBeforeCrash) {
            assertThat(rerun.out()).doesNotContain("\"type\":\"pack\",\"id\":\"" + pack);
        }

        Repository after = Repository.open(store, passphrase(passphrase));
        var snapshot = after.readSnapshot(after.snapshotIds().get(0));
        assertThat(snapshot.packs()).containsAll(packsBeforeCrash);
        // every chunk is stored exactly once across all packs
        List<ChunkId> all = new ArrayList<>();
        for (String pack : after.storedPacks().keySet()) {
            PackReader.readHeader(store, after.crypto(), pack).stream().map(PackEntry::id).forEach(all::add);
        }
        assertThat(new HashSet<>(all)).hasSize(all.size());
        assertThat(snapshot.packs()).containsExactlyInAnyOrderElementsOf(after.storedPacks().keySet());

        CliRunner verify = CliRunner.run("verify", "--repo", repoArg, "--passphrase-file", passphrase.toString(),
                "--read-data");
        assertThat(verify.exitCode()).as(verify.out()).isZero();
    }

    static char[] passphrase(Path file) throws Exception {
        return Files.readString(file).strip().toCharArray();
    }
}
