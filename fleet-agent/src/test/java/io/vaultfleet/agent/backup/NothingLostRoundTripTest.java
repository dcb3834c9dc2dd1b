package io.vaultfleet.agent.backup;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;

import io.vaultfleet.agent.store.AzureBlobStore;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.agent.store.RetryingStore;
import io.vaultfleet.testsupport.Azurite;

/** Issue 15: every kind of entry round-trips exactly, on the folder store and on Azurite ({@link EveryEntryKindScenario}). */
class NothingLostRoundTripTest {
    @TempDir
    Path work;

    @Test
    void everyEntryKindRoundTripsOnTheFolderStore() throws Exception {
        EveryEntryKindScenario.run(new FolderStore(work.resolve("repo")), work);
    }

    @Test
    void everyEntryKindRoundTripsOnAzurite() throws Exception {
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(Azurite.shared().connectionString())
                .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build())
                .buildClient().getBlobContainerClient("nothing-lost-" + UUID.randomUUID());
        container.create();
        String sas = container.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true).setWritePermission(true)
                        .setCreatePermission(true).setListPermission(true)));
        EveryEntryKindScenario.run(new RetryingStore(AzureBlobStore.fromSasUrl(container.getBlobContainerUrl() + "?"
                + sas)), work);
    }
}
