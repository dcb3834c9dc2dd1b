package io.vaultfleet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract through a retrying decorator over a store that fails every other call. */
class RetryingStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;

    final List<Duration> sleeps = new ArrayList<>();

    @Override
    protected BlobStore newStore() throws Exception {
        return new RetryingStore(new FlakyStore(new FolderStore(dir.resolve("repo"))), 3, Duration.ofMillis(100),
                Duration.ofSeconds(1), sleeps::add);
    }

    @Test
    void backsOffExponentiallyAndGivesUp() throws Exception {
        BlobStore alwaysBusy = new FolderStore(dir.resolve("other"));
        List<Duration> waits = new ArrayList<>();
        RetryingStore retrying = new RetryingStore(new BlobStore() {
            @Override
            public void put(String name, byte[] data, int offset, int length) throws IOException {
                throw new TransientStoreException("HTTP 429", null);
            }

            @Override
            public byte[] get(String name) throws IOException {
                return alwaysBusy.get(name);
            }

            @Override
            public byte[] getRange(String name, long offset, int length) {
                return new byte[0];
            }

            @Override
            public long size(String name) {
                return 0;
            }

            @Override
            public List<BlobInfo> list(String prefix) {
                return List.of();
            }

            @Override
            public void delete(String name) {
            }

            @Override
            public String describe() {
                return "busy";
            }
        }, 4, Duration.ofMillis(100), Duration.ofMillis(300), waits::add);
        assertThatThrownBy(() -> retrying.put("x", new byte[1])).hasMessageContaining("after 4 attempts");
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
    }

    @Test
    void doesNotRetryMissingBlobs() {
        int before = sleeps.size();
        assertThatThrownBy(() -> store.get("nothing")).isInstanceOf(BlobNotFoundException.class);
        assertThat(sleeps.size() - before).isLessThanOrEqualTo(1);
    }
}
