package io.vaultfleet.agent.store;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** The contract through the bandwidth limiter (a generous limit: behaviour, not timing, is under test). */
class ThrottledStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;

    @Override
    protected BlobStore newStore() throws Exception {
        return new ThrottledStore(new FolderStore(dir.resolve("repo")), 1L << 40);
    }
}
