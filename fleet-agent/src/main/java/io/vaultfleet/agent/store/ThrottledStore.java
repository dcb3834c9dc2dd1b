package io.vaultfleet.agent.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Limits the bandwidth of the wrapped store (a shared token bucket). The rate is asked for at every transfer, so a
 * policy's work-hours and non-work-hours limits take effect as the time of day crosses them; a rate of 0 or less
 * means no limit at that moment. Uploads are always limited; downloads (restores) too when asked.
 */
public final class ThrottledStore extends ForwardingStore {
    private final LongSupplier bytesPerSecond;
    private final boolean downloads;
    private long nextFreeNanos = System.nanoTime();

    /** A fixed upload limit. */
    public ThrottledStore(BlobStore delegate, long bytesPerSecond) {
        this(delegate, checked(bytesPerSecond), false);
    }

    /** A limit that may change with time (read at each transfer), for uploads and, if {@code downloads}, restores. */
    public ThrottledStore(BlobStore delegate, LongSupplier bytesPerSecond, boolean downloads) {
        super(delegate);
        this.bytesPerSecond = bytesPerSecond;
        this.downloads = downloads;
    }

    private static LongSupplier checked(long rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        return () -> rate;
    }

    private void acquire(long bytes) throws IOException {
        long rate = bytesPerSecond.getAsLong();
        if (rate <= 0) {
            return;
        }
        long waitUntil;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + bytes * 1_000_000_000L / rate;
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
        super.put(name, data, offset, length);
    }

    /** A recovery point streamed from a file (decision 032) counts against the limit like any upload. */
    @Override
    public void putFile(String name, Path file) throws IOException {
        acquire(Files.size(file));
        super.putFile(name, file);
    }

    @Override
    public byte[] get(String name) throws IOException {
        byte[] data = super.get(name);
        if (downloads) {
            acquire(data.length);
        }
        return data;
    }

    @Override
    public int getInto(String name, byte[] buffer) throws IOException {
        int n = super.getInto(name, buffer);
        if (downloads) {
            acquire(n);
        }
        return n;
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        byte[] data = super.getRange(name, offset, length);
        if (downloads) {
            acquire(data.length);
        }
        return data;
    }

    @Override
    public int getRangeInto(String name, long offset, int length, byte[] buffer) throws IOException {
        int n = super.getRangeInto(name, offset, length, buffer);
        if (downloads) {
            acquire(n);
        }
        return n;
    }
}
