package io.vaultfleet.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.SampleTree;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.agent.store.ForwardingStore;

/**
 * Storage that acknowledges a write and then does not keep it (an Azurite restart lost 5 of 8 acknowledged blobs) is
 * named as that, not as the console's retention clean-up.
 */
class LostWritesTest {
    @TempDir
    Path work;

    @Test
    void packsThisRunUploadedThatVanishAreReportedAsLostWrites() throws Exception {
        Path source = work.resolve("source");
        Files.createDirectories(source);
        Files.write(source.resolve("a.bin"), SampleTree.random(600_000, 4));
        FolderStore folder = new FolderStore(work.resolve("repo"));
        Set<String> uploaded = ConcurrentHashMap.newKeySet();
        BlobStore forgetful = new ForwardingStore(folder) {
            // packs are uploaded from the file they were built in (decision 034), the rest from memory
            @Override
            public void putFile(String name, Path file) throws IOException {
                super.putFile(name, file);
                if (name.startsWith(Repository.PACKS)) {
                    uploaded.add(name);
                }
            }

            @Override
            public void put(String name, byte[] data, int offset, int length) throws IOException {
                super.put(name, data, offset, length);
                if (name.startsWith(Repository.PACKS)) {
                    uploaded.add(name);
                } else if (name.startsWith(Repository.INDEX)) {
                    // storage "restarts" and comes back without the packs it had acknowledged
                    for (String pack : uploaded) {
                        folder.delete(pack);
                    }
                }
            }
        };
        Repository repo = Repository.init(forgetful, RoundTripScenario.PASSPHRASE, RoundTripScenario.CHEAP_KDF, "h");
        assertThatThrownBy(() -> new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run())
                .isInstanceOf(PacksRemovedException.class)
                .hasMessageContaining("storage lost acknowledged writes: 1 pack(s) this backup uploaded")
                .hasMessageContaining("not retention clean-up")
                .hasMessageNotContaining("retention clean-up by the console")
                .satisfies(e -> assertThat(((PacksRemovedException) e).lostWrites()).hasSize(1));
        assertThat(repo.snapshotIds()).isEmpty();
    }

    @Test
    void theMessageTellsEarlierPacksFromThisRunsOnes() {
        PacksRemovedException both = new PacksRemovedException(List.of("aaaa", "bbbb"), Set.of("bbbb"));
        assertThat(both.getMessage()).contains("storage lost acknowledged writes: 1 pack(s) this backup uploaded",
                "bbbb", "1 pack(s) this recovery point needs were removed from storage while the backup ran", "aaaa");
        assertThat(both.lostWrites()).containsExactly("bbbb");
        assertThat(new PacksRemovedException(List.of("aaaa"), Set.of()).getMessage())
                .doesNotContain("lost acknowledged writes").contains("retention clean-up by the console");
    }
}
