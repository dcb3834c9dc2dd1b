package io.vaultfleet.agent.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
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
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;

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

    /** A connection that is not up in this time is an unreachable store (was the JDK default: unbounded). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The longest silence while a response is awaited or read. */
    static final Duration IO_TIMEOUT = Duration.ofSeconds(60);
    /**
     * One HTTP request's whole time, a 4 MiB block at the slowest upload limit included; past it the try fails as
     * transient and {@link RetryingStore} decides.
     */
    static final Duration TRY_TIMEOUT = Duration.ofMinutes(5);

    private static HttpClient httpClient(io.vaultfleet.agent.enrollment.ProxySettings proxy) {
        JdkHttpClientBuilder builder = new JdkHttpClientBuilder().connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(IO_TIMEOUT).readTimeout(IO_TIMEOUT).writeTimeout(IO_TIMEOUT);
        return (proxy == null ? builder : builder.proxy(proxy.azureOptions())).build();
    }

    /**
     * One try per request: the SDK's own retry (by default 4 tries with up to 2 minutes between them, under our
     * {@link RetryingStore}) would multiply the attempts and make the total wait unbounded in practice.
     */
    static RequestRetryOptions singleTry() {
        return new RequestRetryOptions(RetryPolicyType.FIXED, 1, TRY_TIMEOUT, null, null, null);
    }

    /** A container URL carrying a SAS token, as the console hands out. */
    public static AzureBlobStore fromSasUrl(String containerUrlWithSas) {
        return fromSasUrl(containerUrlWithSas, null);
    }

    /** As {@link #fromSasUrl(String)}, through an HTTP proxy (null: directly). */
    public static AzureBlobStore fromSasUrl(String containerUrlWithSas, io.vaultfleet.agent.enrollment.ProxySettings proxy) {
        BlobContainerClient client = new BlobContainerClientBuilder()
                .endpoint(containerUrlWithSas)
                .httpClient(httpClient(proxy))
                .retryOptions(singleTry())
                .buildClient();
        int query = containerUrlWithSas.indexOf('?');
        return new AzureBlobStore(client, "azure:" + (query < 0 ? containerUrlWithSas : containerUrlWithSas.substring(0, query)));
    }

    /** An account connection string and a container name (tests, tools); creates the container if missing. */
    public static AzureBlobStore fromConnectionString(String connectionString, String containerName) {
        BlobContainerClient client = new BlobContainerClientBuilder()
                .connectionString(connectionString)
                .containerName(containerName)
                .httpClient(httpClient(null))
                .retryOptions(singleTry())
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
        // refused or dropped connections and timeouts reach us wrapped (UncheckedIOException, reactor's wrappers)
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UncheckedIOException || t instanceof IOException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return new TransientStoreException(name + ": " + describe(t), e);
            }
        }
        return new IOException(name + ": " + e.getMessage(), e);
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
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
