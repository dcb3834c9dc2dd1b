package io.vaultfleet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract through a limiter whose rate is asked for at each transfer (a policy's work-hours windows); the rate
 * here alternates between generous and "no limit now" (0): behaviour, not timing, is under test.
 */
class WindowedThrottledStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;

    private final AtomicInteger asked = new AtomicInteger();

    @Override
    protected BlobStore newStore() throws Exception {
        return new ThrottledStore(new FolderStore(dir.resolve("repo")),
                () -> asked.incrementAndGet() % 2 == 0 ? 0 : 1L << 40, true);
    }

    @Test
    void theRateIsAskedForAtEveryUploadAndEveryRestoreRead() throws Exception {
        try (BlobStore store = newStore()) {
            store.put("a", new byte[10]);
            store.put("b", new byte[10]);
            assertThat(asked).hasValue(2);
            store.get("a");
            store.getRange("b", 0, 5);
            assertThat(asked).hasValue(4);
            Path file = dir.resolve("point");
            Files.write(file, new byte[10]);
            store.putFile("c", file);
            assertThat(asked).as("a recovery point uploaded from a file is throttled too").hasValue(5);
            store.list("");
            store.size("a");
            assertThat(asked).as("metadata calls are not throttled").hasValue(5);
        }
    }

    @Test
    void downloadsAreNotThrottledUnlessAsked() throws Exception {
        try (BlobStore store = new ThrottledStore(new FolderStore(dir.resolve("other")), () -> {
            asked.incrementAndGet();
            return 1L << 40;
        }, false)) {
            store.put("a", new byte[10]);
            store.get("a");
            assertThat(asked).hasValue(1);
        }
    }
}
