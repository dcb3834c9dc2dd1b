package io.vaultfleet.agent.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;

/** Limits upload bandwidth of the wrapped store to a byte rate (a simple shared token bucket). */
public final class ThrottledStore implements BlobStore {
    private final BlobStore delegate;
    private final long bytesPerSecond;
    private long nextFreeNanos = System.nanoTime();

    public ThrottledStore(BlobStore delegate, long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.delegate = delegate;
        this.bytesPerSecond = bytesPerSecond;
    }

    private void acquire(long bytes) throws IOException {
        long waitUntil;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + bytes * 1_000_000_000L / bytesPerSecond;
            waitUntil = nextFreeNanos;
        }
        long sleepNanos = waitUntil - System.nanoTime();
        if (sleepNanos > 0) {
            try {
                Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while throttled");
            }
        }
    }

    @Override
    public void put(String name, byte[] data, int offset, int length) throws IOException {
        acquire(length);
        delegate.put(name, data, offset, length);
    }

    @Override
    public byte[] get(String name) throws IOException {
        return delegate.get(name);
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        return delegate.getRange(name, offset, length);
    }

    @Override
    public long size(String name) throws IOException {
        return delegate.size(name);
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        return delegate.list(prefix);
    }

    @Override
    public void delete(String name) throws IOException {
        delegate.delete(name);
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
