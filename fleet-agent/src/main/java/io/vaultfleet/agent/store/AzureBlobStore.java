package io.vaultfleet.agent.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.vaultfleet.agent.net.ProxySettings;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Blobs in one Azure Blob container through the official SDK, on the JDK HTTP client. Each blob goes up in one
 * request that creates it (see {@link #put}); memory stays bounded because the SDK sends the caller's buffer slice
 * instead of copying it whole.
 */
public final class AzureBlobStore implements BlobStore {
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
     * One HTTP request's whole time. A pack goes up in one Put Blob (up to ~20 MiB), so this leaves room for a slow
     * uplink (20 MiB at 256 kbit/s is about 11 minutes); a dead connection is caught sooner by {@link #IO_TIMEOUT}.
     * Past it the try fails as transient and {@link RetryingStore} decides.
     */
    static final Duration TRY_TIMEOUT = Duration.ofMinutes(15);

    private static HttpClient httpClient(ProxySettings proxy) {
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
    public static AzureBlobStore fromSasUrl(String containerUrlWithSas, ProxySettings proxy) {
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
        createContainer(client, containerName);
        return new AzureBlobStore(client, "azure:" + client.getBlobContainerUrl());
    }

    /**
     * Creates the container, trying a transient failure twice more: this path has no {@link RetryingStore} around
     * it, and the SDK tries each request once (in a full test run the first request after minutes of idleness timed
     * out once, in the JDK client, while the next went through at once).
     */
    private static void createContainer(BlobContainerClient client, String containerName) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.createIfNotExists();
                return;
            } catch (RuntimeException e) {
                IOException failure = translate(containerName, e);
                if (!(failure instanceof TransientStoreException) || attempt == 3) {
                    throw new UncheckedIOException(failure);
                }
            }
        }
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
                    || t instanceof TimeoutException) {
                return new TransientStoreException(name + ": " + describe(t), e);
            }
        }
        return new IOException(name + ": " + e.getMessage(), e);
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /**
     * One Put Blob per blob, never staged blocks: the console's SAS for a server grants create, read and list only
     * ({@code sp=rcl}), and on Azure a create-only SAS may write a <em>new</em> blob with Put Blob but cannot overwrite
     * an existing one, so a server taken over cannot destroy its own recovery points. (Azurite 3.x refuses Put Block
     * and Put Block List without {@code w} as well, and refuses Put Blob over an existing blob without {@code w},
     * like Azure.) Put Blob takes up to 5000 MiB in one request, far above a pack (16 MiB target) or a snapshot.
     * <p>
     * When the blob already exists (this agent's own retry after an answer that was lost, or a second backup
     * writing the same content-addressed name), the refusal is read as "done" once the stored blob is shown to hold
     * exactly these bytes; anything else is an error that says overwriting is not allowed.
     */
    @Override
    public void put(String name, byte[] data, int offset, int length) throws IOException {
        try {
            BlockBlobClient blob = container.getBlobClient(name).getBlockBlobClient();
            blob.uploadWithResponse(new BlockBlobSimpleUploadOptions(
                    BinaryData.fromByteBuffer(ByteBuffer.wrap(data, offset, length))), null, Context.NONE);
        } catch (BlobStorageException e) {
            boolean maybeExists = e.getStatusCode() == 409
                    || (e.getStatusCode() == 403 && BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH.equals(e.getErrorCode()));
            if (maybeExists && alreadyHolds(name, data, offset, length)) {
                return;
            }
            throw translate(name, e);
        } catch (RuntimeException e) {
            throw translate(name, e);
        }
    }

    /**
     * Streams {@code file} as one Put Blob (BinaryData over the file, never read whole; a recovery point of millions
     * of files is hundreds of megabytes, decision 032). An existing blob of that name counts as done when it holds the
     * file's bytes (compared 4 MiB at a time), as {@link #put} does.
     */
    @Override
    public void putFile(String name, Path file) throws IOException {
        try {
            BlockBlobClient blob = container.getBlobClient(name).getBlockBlobClient();
            blob.uploadWithResponse(new BlockBlobSimpleUploadOptions(BinaryData.fromFile(file)), null, Context.NONE);
        } catch (BlobStorageException e) {
            boolean maybeExists = e.getStatusCode() == 409
                    || (e.getStatusCode() == 403 && BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH.equals(e.getErrorCode()));
            if (maybeExists && alreadyHolds(name, file)) {
                return;
            }
            throw translate(name, e);
        } catch (RuntimeException e) {
            throw translate(name, e);
        }
    }

    private boolean alreadyHolds(String name, Path file) throws IOException {
        long stored;
        try {
            stored = container.getBlobClient(name).getProperties().getBlobSize();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return false;
            }
            throw translate(name, e);
        } catch (RuntimeException e) {
            throw translate(name, e);
        }
        long size = Files.size(file);
        boolean same = stored == size;
        try (var in = Files.newInputStream(file)) {
            for (long done = 0; same && done < size; ) {
                int step = (int) Math.min(4 << 20, size - done);
                same = Arrays.equals(getRange(name, done, step), in.readNBytes(step));
                done += step;
            }
        }
        if (!same) {
            throw new IOException(name + " already exists in " + description + " with other content (" + stored
                    + " bytes); this server's storage access can create blobs but never overwrite them, so the "
                    + "existing one was kept");
        }
        return true;
    }

    /**
     * Whether {@code name} exists and holds exactly {@code data[offset, offset+length)}; an {@link IOException}
     * naming the refusal when it exists with other bytes (the grant never allows overwriting).
     */
    private boolean alreadyHolds(String name, byte[] data, int offset, int length) throws IOException {
        BlobProperties stored;
        try {
            stored = container.getBlobClient(name).getProperties();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return false;
            }
            throw translate(name, e);
        } catch (RuntimeException e) {
            throw translate(name, e);
        }
        boolean same = stored.getBlobSize() == length;
        if (same && stored.getContentMd5() != null) {
            same = MessageDigest.isEqual(stored.getContentMd5(), md5(data, offset, length));
        } else if (same) {
            same = Arrays.equals(get(name), 0, length, data, offset, offset + length);
        }
        if (!same) {
            throw new IOException(name + " already exists in " + description + " with other content ("
                    + stored.getBlobSize() + " bytes); this server's storage access can create blobs but never "
                    + "overwrite them, so the existing one was kept");
        }
        return true;
    }

    private static byte[] md5(byte[] data, int offset, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(data, offset, length);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
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
        byte[] data = new byte[length];
        int read = getRangeInto(name, offset, length, data);
        return read == length ? data : Arrays.copyOf(data, read);
    }

    @Override
    public int getRangeInto(String name, long offset, int length, byte[] buffer) throws IOException {
        if (length > buffer.length) {
            throw new IllegalArgumentException("a buffer of " + buffer.length + " bytes cannot hold " + length);
        }
        int[] filled = new int[1];
        OutputStream into = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (filled[0] + len > length) {
                    throw new IOException(name + ": storage sent more than the " + length + " bytes asked for");
                }
                System.arraycopy(b, off, buffer, filled[0], len);
                filled[0] += len;
            }
        };
        try {
            container.getBlobClient(name).downloadStreamWithResponse(into, new BlobRange(offset, (long) length),
                    null, null, false, null, Context.NONE);
            return filled[0];
        } catch (RuntimeException e) {
            if (e instanceof BlobStorageException bse && bse.getStatusCode() == 416) {
                return 0;
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
