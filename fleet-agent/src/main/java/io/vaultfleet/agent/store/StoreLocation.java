package io.vaultfleet.agent.store;

import io.vaultfleet.agent.net.ProxySettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A repository location as given on the command line: {@code folder:/path} or {@code azure:<container URL with SAS>}.
 */
public record StoreLocation(Kind kind, String target) {
    public enum Kind { FOLDER, AZURE }

    public static StoreLocation parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a repository is required, e.g. folder:/srv/backup or azure:https://…?sv=…");
        }
        if (text.startsWith("folder:")) {
            String path = text.substring("folder:".length());
            if (path.isBlank()) {
                throw new IllegalArgumentException("folder: needs a path, e.g. folder:/srv/backup");
            }
            return new StoreLocation(Kind.FOLDER, path);
        }
        if (text.startsWith("azure:")) {
            String url = text.substring("azure:".length());
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw new IllegalArgumentException("azure: needs a container URL with a SAS token, e.g. "
                        + "azure:https://account.blob.core.windows.net/container?sv=…");
            }
            return new StoreLocation(Kind.AZURE, url);
        }
        throw new IllegalArgumentException("unknown repository scheme in '" + redact(text)
                + "': use folder:<path> or azure:<container URL with SAS>");
    }

    private static String redact(String text) {
        int q = text.indexOf('?');
        return q < 0 ? text : text.substring(0, q) + "?…";
    }

    /** Opens the store with retry on transient failures, and an optional upload limit (bytes/s, 0 = none). */
    public BlobStore open(long uploadBytesPerSecond) throws IOException {
        return open(uploadBytesPerSecond, null);
    }

    /** As {@link #open(long)}, reaching Azure through {@code proxy} (null: directly). */
    public BlobStore open(long uploadBytesPerSecond, ProxySettings proxy) throws IOException {
        return open(uploadBytesPerSecond, proxy, RetryingStore.StorageWaits.NONE);
    }

    /** As {@link #open(long, io.vaultfleet.agent.net.ProxySettings)}, telling {@code waits} while it retries. */
    public BlobStore open(long uploadBytesPerSecond, ProxySettings proxy,
            RetryingStore.StorageWaits waits) throws IOException {
        BlobStore store = switch (kind) {
            case FOLDER -> new FolderStore(Path.of(target));
            case AZURE -> AzureBlobStore.fromSasUrl(target, proxy);
        };
        store = new RetryingStore(store, RetryingStore.Policy.DEFAULT, d -> Thread.sleep(d.toMillis()),
                Clock.systemUTC(), waits);
        return uploadBytesPerSecond > 0 ? new ThrottledStore(store, uploadBytesPerSecond) : store;
    }
}
