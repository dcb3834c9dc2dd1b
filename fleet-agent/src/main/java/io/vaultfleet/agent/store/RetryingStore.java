package io.vaultfleet.agent.store;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries any operation of the wrapped store that fails with {@link TransientStoreException} (throttling, 5xx,
 * dropped connections), with exponential backoff. Other failures pass through at once.
 */
public final class RetryingStore implements BlobStore {
    /** How the store waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(RetryingStore.class);
    private final BlobStore delegate;
    private final int maxAttempts;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;

    public RetryingStore(BlobStore delegate) {
        this(delegate, 8, Duration.ofMillis(500), Duration.ofSeconds(30), d -> Thread.sleep(d.toMillis()));
    }

    public RetryingStore(BlobStore delegate, int maxAttempts, Duration firstDelay, Duration maxDelay, Sleeper sleeper) {
        this.delegate = delegate;
        this.maxAttempts = maxAttempts;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.sleeper = sleeper;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T retry(String what, Call<T> call) throws IOException {
        Duration delay = firstDelay;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (TransientStoreException e) {
                if (attempt >= maxAttempts) {
                    throw new IOException(what + " failed after " + attempt + " attempts: " + e.getMessage(), e);
                }
                log.warn("{} failed (attempt {} of {}), retrying in {} ms: {}", what, attempt, maxAttempts,
                        delay.toMillis(), e.getMessage());
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while retrying " + what, ie);
                }
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            }
        }
    }

    @Override
    public void put(String name, byte[] data, int offset, int length) throws IOException {
        retry("put " + name, () -> {
            delegate.put(name, data, offset, length);
            return null;
        });
    }

    @Override
    public byte[] get(String name) throws IOException {
        return retry("get " + name, () -> delegate.get(name));
    }

    @Override
    public int getInto(String name, byte[] buffer) throws IOException {
        return retry("get " + name, () -> delegate.getInto(name, buffer));
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        return retry("get " + name, () -> delegate.getRange(name, offset, length));
    }

    @Override
    public long size(String name) throws IOException {
        return retry("size " + name, () -> delegate.size(name));
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        return retry("list " + prefix, () -> delegate.list(prefix));
    }

    @Override
    public void delete(String name) throws IOException {
        retry("delete " + name, () -> {
            delegate.delete(name);
            return null;
        });
    }

    @Override
    public boolean agentMayDelete() {
        return delegate.agentMayDelete();
    }

    @Override
    public java.util.List<TempFile> listTemporary(String prefix) throws IOException {
        return delegate.listTemporary(prefix);
    }

    @Override
    public byte[] getTemporary(TempFile file) throws IOException {
        return delegate.getTemporary(file);
    }

    @Override
    public void deleteTemporary(TempFile file) throws IOException {
        delegate.deleteTemporary(file);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
