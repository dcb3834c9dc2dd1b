package io.vaultfleet.agent.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;

/**
 * Blobs in one Azure Blob container through the official SDK, on the JDK HTTP client. Large blobs go up as blocks
 * in parallel; memory stays bounded because the SDK slices the caller's buffer instead of copying it whole.
 */
public final class AzureBlobStore implements BlobStore {
    static final long BLOCK_SIZE = 4L * 1024 * 1024;
    static final int UPLOAD_CONCURRENCY = 4;

    private final BlobContainerClient container;
    private final String description;

    private AzureBlobStore(BlobContainerClient container, String description) {
        this.container = container;
        this.description = description;
    }

    private static HttpClient httpClient() {
        return new JdkHttpClientBuilder().build();
    }

    /** A container URL carrying a SAS token, as the console hands out. */
    public static AzureBlobStore fromSasUrl(String containerUrlWithSas) {
        return fromSasUrl(containerUrlWithSas, null);
    }

    /** As {@link #fromSasUrl(String)}, through an HTTP proxy (null: directly). */
    public static AzureBlobStore fromSasUrl(String containerUrlWithSas, io.vaultfleet.agent.enrollment.ProxySettings proxy) {
        BlobContainerClient client = new BlobContainerClientBuilder()
                .endpoint(containerUrlWithSas)
                .httpClient(proxy == null ? httpClient() : new JdkHttpClientBuilder().proxy(proxy.azureOptions()).build())
                .buildClient();
        int query = containerUrlWithSas.indexOf('?');
        return new AzureBlobStore(client, "azure:" + (query < 0 ? containerUrlWithSas : containerUrlWithSas.substring(0, query)));
    }

    /** An account connection string and a container name (tests, tools); creates the container if missing. */
    public static AzureBlobStore fromConnectionString(String connectionString, String containerName) {
        BlobContainerClient client = new BlobContainerClientBuilder()
                .connectionString(connectionString)
                .containerName(containerName)
                .httpClient(httpClient())
                .buildClient();
        client.createIfNotExists();
        return new AzureBlobStore(client, "azure:" + client.getBlobContainerUrl());
    }

    private static IOException translate(String name, RuntimeException e) {
        if (e instanceof BlobStorageException bse) {
            int status = bse.getStatusCode();
            if (status == 404) {
                return new BlobNotFoundException(name);
            }
            if (status == 408 || status == 429 || status >= 500) {
                return new TransientStoreException(name + ": HTTP " + status + " " + bse.getErrorCode(), e);
            }
            return new IOException(name + ": HTTP " + status + " " + bse.getErrorCode(), e);
        }
        if (e instanceof UncheckedIOException || e.getCause() instanceof IOException) {
            return new TransientStoreException(name + ": " + e.getMessage(), e);
        }
        return new IOException(name + ": " + e.getMessage(), e);
    }

    @Override
    public void put(String name, byte[] data, int offset, int length) throws IOException {
        try {
            BlobClient blob = container.getBlobClient(name);
            var options = new BlobParallelUploadOptions(BinaryData.fromByteBuffer(ByteBuffer.wrap(data, offset, length)))
                    .setParallelTransferOptions(new ParallelTransferOptions()
                            .setBlockSizeLong(BLOCK_SIZE)
                            .setMaxSingleUploadSizeLong(BLOCK_SIZE)
                            .setMaxConcurrency(UPLOAD_CONCURRENCY));
            blob.uploadWithResponse(options, null, Context.NONE);
        } catch (RuntimeException e) {
            throw translate(name, e);
        }
    }

    @Override
    public byte[] get(String name) throws IOException {
        try {
            return container.getBlobClient(name).downloadContent().toBytes();
        } catch (RuntimeException e) {
            throw translate(name, e);
        }
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(length);
            container.getBlobClient(name).downloadStreamWithResponse(out, new BlobRange(offset, (long) length),
                    null, null, false, null, Context.NONE);
            return out.toByteArray();
        } catch (RuntimeException e) {
            if (e instanceof BlobStorageException bse && bse.getStatusCode() == 416) {
                return new byte[0];
            }
            throw translate(name, e);
        }
    }

    @Override
    public long size(String name) throws IOException {
        try {
            return container.getBlobClient(name).getProperties().getBlobSize();
        } catch (RuntimeException e) {
            throw translate(name, e);
        }
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        try {
            List<BlobInfo> result = new ArrayList<>();
            for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
                Long size = item.getProperties().getContentLength();
                result.add(new BlobInfo(item.getName(), size == null ? 0 : size));
            }
            return result;
        } catch (RuntimeException e) {
            throw translate(prefix, e);
        }
    }

    @Override
    public void delete(String name) throws IOException {
        try {
            container.getBlobClient(name).deleteIfExists();
        } catch (RuntimeException e) {
            throw translate(name, e);
        }
    }

    @Override
    public String describe() {
        return description;
    }
}
