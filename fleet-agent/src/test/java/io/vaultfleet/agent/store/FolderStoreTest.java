package io.vaultfleet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;

    @Override
    protected BlobStore newStore() throws Exception {
        return new FolderStore(dir.resolve("repo"));
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws Exception {
        store.put("packs/aa/x", new byte[100]);
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactly("x");
        }
    }

    @Test
    void refusesNamesOutsideTheFolder() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.put("../escape", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
