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
import io.vaultfleet.agent.store.RetryingStore;
import io.vaultfleet.testsupport.Azurite;

/** The round trip against Azurite, through a container SAS without delete permission, as the console will issue. */
class AzureRoundTripTest {
    @TempDir
    Path work;

    @Test
    void backupChangeBackupRestoreThroughAContainerSas() throws Exception {
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(Azurite.shared().connectionString())
                .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build())
                .buildClient().getBlobContainerClient("server-" + UUID.randomUUID());
        container.create();
        // what the console grants a server: read, create, list; no write (overwrite), no delete
        String sas = container.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true).setCreatePermission(true)
                        .setListPermission(true)));
        RoundTripScenario.run(new RetryingStore(AzureBlobStore.fromSasUrl(container.getBlobContainerUrl() + "?" + sas)),
                work);
    }
}
