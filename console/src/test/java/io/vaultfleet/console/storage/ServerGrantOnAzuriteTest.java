package io.vaultfleet.console.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;

import io.vaultfleet.agent.store.AzureBlobStore;
import io.vaultfleet.testsupport.Azurite;

/**
 * What a server can do with the SAS the console gives it ({@link StorageAccessIssuer#agentSas}), on Azurite: the
 * agent's uploads work, a retry of its own upload is done, and neither the agent's store nor the raw SDK with the
 * same token can overwrite or delete an existing blob. (Azurite checks create-vs-write for Put Blob on an existing
 * blob and needs write for Put Block / Put Block List, as Azure does for the former.)
 */
class ServerGrantOnAzuriteTest {
    private BlobContainerClient owner;
    private String sasUrl;

    @BeforeEach
    void grant() {
        Azurite azurite = Azurite.shared();
        owner = AzureAccounts.container(azurite.blobEndpoint(), Azurite.KEY, StorageAccessIssuer.containerOf(UUID.randomUUID()));
        owner.createIfNotExists();
        Instant now = Instant.now();
        sasUrl = owner.getBlobContainerUrl() + "?" + StorageAccessIssuer.agentSas(owner, now, now.plusSeconds(3600));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void theGrantReadsCreatesAndListsOnly() {
        assertThat(StorageAccessIssuer.agentPermissions().toString()).isEqualTo("rcl");
        assertThat(sasUrl).contains("sp=rcl").doesNotContain("sp=racwl");
    }

    @Test
    void theAgentUploadsSmallAndLargeBlobsAndReadsThemBack() throws Exception {
        byte[] small = random(1000, 1);
        byte[] large = random(20 * 1024 * 1024 + 3, 2);
        try (AzureBlobStore store = AzureBlobStore.fromSasUrl(sasUrl)) {
            store.put("keys/k1", small);
            store.put("packs/ab/abcd", large, 0, large.length);
            assertThat(store.get("keys/k1")).isEqualTo(small);
            assertThat(store.get("packs/ab/abcd")).isEqualTo(large);
            assertThat(store.list("")).hasSize(2);
        }
        assertThat(owner.getBlobClient("packs/ab/abcd").getProperties().getBlobSize()).isEqualTo(large.length);
    }

    @Test
    void aRetryOfTheSameUploadIsDone() throws Exception {
        byte[] data = random(5 * 1024 * 1024, 3);
        try (AzureBlobStore store = AzureBlobStore.fromSasUrl(sasUrl)) {
            store.put("packs/cd/cdef", data);
            store.put("packs/cd/cdef", data);
            byte[] framed = new byte[data.length + 20];
            System.arraycopy(data, 0, framed, 10, data.length);
            store.put("packs/cd/cdef", framed, 10, data.length);
            assertThat(store.get("packs/cd/cdef")).isEqualTo(data);
        }
    }

    @Test
    void theAgentCannotOverwriteAnExistingBlob() throws Exception {
        byte[] original = random(4096, 4);
        try (AzureBlobStore store = AzureBlobStore.fromSasUrl(sasUrl)) {
            store.put("snapshots/s1", original);
            assertThatThrownBy(() -> store.put("snapshots/s1", random(4096, 5)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("snapshots/s1 already exists")
                    .hasMessageContaining("never overwrite");
            assertThatThrownBy(() -> store.put("snapshots/s1", new byte[10]))
                    .isInstanceOf(IOException.class).hasMessageContaining("with other content (4096 bytes)");
            assertThat(store.get("snapshots/s1")).isEqualTo(original);
        }
    }

    @Test
    void theRawTokenCannotOverwriteStageBlocksOrDelete() {
        byte[] original = random(2048, 6);
        BlobContainerClient attacker = new BlobContainerClientBuilder().endpoint(sasUrl).buildClient();
        attacker.getBlobClient("packs/ef/ef01").upload(BinaryData.fromBytes(original));

        assertThatThrownBy(() -> attacker.getBlobClient("packs/ef/ef01").upload(BinaryData.fromBytes(new byte[2048]), true))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThatThrownBy(() -> attacker.getBlobClient("packs/ef/ef01").delete())
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThatThrownBy(() -> attacker.getBlobClient("packs/ef/ef01").getBlockBlobClient()
                .stageBlock("AAAA", BinaryData.fromBytes(new byte[16])))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThatThrownBy(() -> attacker.getBlobClient("packs/ef/ef01").setMetadata(java.util.Map.of("x", "y")))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThatThrownBy(attacker::delete)
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));

        assertThat(owner.getBlobClient("packs/ef/ef01").downloadContent().toBytes()).isEqualTo(original);
    }
}
