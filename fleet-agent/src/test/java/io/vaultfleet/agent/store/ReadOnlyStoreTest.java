package io.vaultfleet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another server's backups opened for a restore: every way of writing or deleting is refused, reads pass. */
class ReadOnlyStoreTest {
    @TempDir
    Path dir;

    @Test
    void refusesEveryWriteAndDeleteAndLeavesTheTargetUntouched() throws Exception {
        try (FolderStore target = new FolderStore(dir.resolve("repo"))) {
            target.put("keys/k", new byte[] {1, 2, 3});
            Path file = dir.resolve("point");
            Files.write(file, new byte[] {4, 5});
            BlobStore readOnly = new ReadOnlyStore(target);

            assertThat(readOnly.get("keys/k")).containsExactly(1, 2, 3);
            assertThatThrownBy(() -> readOnly.put("snapshots/s", new byte[] {9})).isInstanceOf(IOException.class)
                    .hasMessageContaining("opened read-only");
            assertThatThrownBy(() -> readOnly.putFile("snapshots/s", file)).isInstanceOf(IOException.class)
                    .hasMessageContaining("opened read-only");
            assertThatThrownBy(() -> readOnly.delete("keys/k")).isInstanceOf(IOException.class)
                    .hasMessageContaining("opened read-only");
            assertThat(readOnly.agentMayDelete()).isFalse();

            assertThat(target.list("")).extracting(BlobInfo::name).containsExactly("keys/k");
        }
    }
}
