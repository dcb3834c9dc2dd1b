package io.vaultfleet.console.storage;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;

/** Clients for an Azure Blob account the console holds the key of (the JDK HTTP client; see TOOLCHAIN.md). */
final class AzureAccounts {
    private AzureAccounts() {
    }

    static BlobContainerClient container(String accountUrl, String accountKey, String containerName) {
        String url = accountUrl.endsWith("/") ? accountUrl.substring(0, accountUrl.length() - 1) : accountUrl;
        return new BlobServiceClientBuilder()
                .endpoint(url)
                .credential(new StorageSharedKeyCredential(StorageAccessIssuer.accountName(url), accountKey))
                .httpClient(new JdkHttpClientBuilder().build())
                .buildClient()
                .getBlobContainerClient(containerName);
    }
}
