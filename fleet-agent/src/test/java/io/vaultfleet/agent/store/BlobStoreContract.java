package io.vaultfleet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BlobStore} (backend or decorator) must do. Subclasses supply a fresh, empty store. */
public abstract class BlobStoreContract {
    protected BlobStore store;

    protected abstract BlobStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void readsBackWhatWasPut() throws Exception {
        byte[] data = random(1000, 1);
        store.put("keys/abc", data);
        assertThat(store.get("keys/abc")).isEqualTo(data);
        assertThat(store.size("keys/abc")).isEqualTo(1000);
    }

    @Test
    void storesAFileAsItsBytes() throws Exception {
        // how a recovery point's segments reach the store (decision 032): from a local file, not a byte array
        byte[] data = random(5 * 1024 * 1024 + 3, 5);
        Path file = Files.createTempFile("contract-", ".blob");
        try {
            Files.write(file, data);
            store.putFile("snapshots/s1", file);
            assertThat(store.get("snapshots/s1")).isEqualTo(data);
            assertThat(store.size("snapshots/s1")).isEqualTo(data.length);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void putsASliceOfTheBuffer() throws Exception {
        byte[] data = random(100, 2);
        store.put("index/x", data, 10, 50);
        assertThat(store.get("index/x")).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 60));
    }

    @Test
    void storesLargeBlobsUploadedInBlocks() throws Exception {
        byte[] data = random(9 * 1024 * 1024 + 17, 3);
        store.put("packs/ab/abcdef", data);
        assertThat(store.get("packs/ab/abcdef")).isEqualTo(data);
    }

    @Test
    void readsRanges() throws Exception {
        byte[] data = random(5000, 4);
        store.put("packs/00/p", data);
        assertThat(store.getRange("packs/00/p", 100, 200)).isEqualTo(java.util.Arrays.copyOfRange(data, 100, 300));
        assertThat(store.getRange("packs/00/p", 4900, 200)).isEqualTo(java.util.Arrays.copyOfRange(data, 4900, 5000));
    }

    /** What a restore's fetch threads read into their reused buffers (decision 034). */
    @Test
    void readsRangesIntoAGivenBuffer() throws Exception {
        byte[] data = random(2 * 1024 * 1024 + 77, 9);
        store.put("packs/ab/range", data);
        byte[] buffer = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(buffer, (byte) 0x5a);
        int length = 1024 * 1024 + 3;
        assertThat(store.getRangeInto("packs/ab/range", 1000, length, buffer)).isEqualTo(length);
        assertThat(java.util.Arrays.copyOf(buffer, length)).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 1000 + length));
        assertThat(buffer[length]).as("nothing written past the range").isEqualTo((byte) 0x5a);
        // a range running past the end: what there is
        assertThat(store.getRangeInto("packs/ab/range", data.length - 10, 200, buffer)).isEqualTo(10);
        assertThat(java.util.Arrays.copyOf(buffer, 10)).isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 10, data.length));
        assertThatThrownBy(() -> store.getRangeInto("packs/ab/range", 0, 100, new byte[99]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.getRangeInto("packs/ab/none", 0, 100, buffer))
                .isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void readsWholeBlobsIntoAGivenBuffer() throws Exception {
        byte[] data = random(3 * 1024 * 1024 + 5, 7);
        store.put("packs/cd/cdef", data);
        byte[] buffer = new byte[data.length + 100];
        java.util.Arrays.fill(buffer, (byte) 0x5a);
        assertThat(store.getInto("packs/cd/cdef", buffer)).isEqualTo(data.length);
        assertThat(java.util.Arrays.copyOf(buffer, data.length)).isEqualTo(data);
        assertThat(buffer[data.length]).isEqualTo((byte) 0x5a);
        assertThatThrownBy(() -> store.getInto("packs/cd/cdef", new byte[data.length - 1]))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("larger than expected");
        assertThatThrownBy(() -> store.getInto("packs/cd/none", buffer)).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void reportsMissingBlobsAsNotFound() {
        assertThatThrownBy(() -> store.get("snapshots/none")).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store.size("snapshots/none")).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void listsByPrefixWithSizes() throws Exception {
        store.put("packs/aa/1", new byte[3]);
        store.put("packs/bb/2", new byte[5]);
        store.put("index/3", new byte[7]);
        assertThat(store.list("packs/")).containsExactlyInAnyOrder(new BlobInfo("packs/aa/1", 3),
                new BlobInfo("packs/bb/2", 5));
        assertThat(store.list("index/")).containsExactly(new BlobInfo("index/3", 7));
        assertThat(store.list("snapshots/")).isEmpty();
    }

    @Test
    void replacesAndDeletes() throws Exception {
        store.put("config", new byte[] {1});
        store.put("config", new byte[] {2, 3});
        assertThat(store.get("config")).containsExactly(2, 3);
        store.delete("config");
        store.delete("config");
        assertThat(store.list("config")).isEmpty();
    }
}
