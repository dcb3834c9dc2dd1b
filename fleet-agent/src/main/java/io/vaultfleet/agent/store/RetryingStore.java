package io.vaultfleet.agent.store;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.protocol.retry.ExponentialBackoff;
import java.nio.file.Path;

/**
 * The one retry layer between the agent and its storage: any operation that fails with {@link
 * TransientStoreException} (throttling, 5xx, refused or dropped connections, timeouts) is tried again with exponential
 * backoff, for at most {@code maxAttempts} attempts and at most {@code maxTotal} from the first failure (the Azure
 * SDK's own retry is switched off, see {@link AzureBlobStore}, so attempts never multiply). Other failures pass through
 * at once. While any caller waits, the {@link StorageWaits} listener hears it, so a backup can show that it is
 * waiting for storage rather than stuck.
 */
public final class RetryingStore implements BlobStore {
    /** How the store waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Told when the first caller starts waiting for storage ({@code true}) and when none waits any more. */
    @FunctionalInterface
    public interface StorageWaits {
        StorageWaits NONE = waiting -> { };

        void waiting(boolean waiting);
    }

    /**
     * Bounds of the retrying: attempts per operation, the backoff (the product's one {@link ExponentialBackoff}), and
     * the longest wait from the first failure.
     */
    public record Policy(int maxAttempts, Duration firstDelay, Duration maxDelay, Duration maxTotal) {
        /**
         * Rides out an outage of several minutes (a restarted storage service, a network switch-over): 30 attempts,
         * 0.5 s doubling to 30 s between them, given up 10 minutes after the first failure.
         */
        public static final Policy DEFAULT = new Policy(30, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofMinutes(10));

        public Policy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("a retry policy needs at least one attempt, got " + maxAttempts);
            }
            new ExponentialBackoff(firstDelay, maxDelay); // refuses a zero first delay or a cap below it now
        }

        ExponentialBackoff backoff() {
            return new ExponentialBackoff(firstDelay, maxDelay);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(RetryingStore.class);
    private final BlobStore delegate;
    private final Policy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final StorageWaits waits;
    private final AtomicInteger waiting = new AtomicInteger();

    public RetryingStore(BlobStore delegate) {
        this(delegate, Policy.DEFAULT, d -> Thread.sleep(d.toMillis()), Clock.systemUTC(), StorageWaits.NONE);
    }

    public RetryingStore(BlobStore delegate, int maxAttempts, Duration firstDelay, Duration maxDelay, Sleeper sleeper) {
        this(delegate, new Policy(maxAttempts, firstDelay, maxDelay, Duration.ofDays(1)), sleeper, Clock.systemUTC(),
                StorageWaits.NONE);
    }

    public RetryingStore(BlobStore delegate, Policy policy, Sleeper sleeper, Clock clock, StorageWaits waits) {
        this.delegate = delegate;
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
        this.waits = waits;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T retry(String what, Call<T> call) throws IOException {
        ExponentialBackoff backoff = policy.backoff();
        Instant firstFailure = null;
        boolean counted = false;
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return call.run();
                } catch (TransientStoreException e) {
                    Instant now = clock.instant();
                    firstFailure = firstFailure == null ? now : firstFailure;
                    Duration waited = Duration.between(firstFailure, now);
                    Duration delay = backoff.afterFailures(attempt);
                    if (attempt >= policy.maxAttempts() || waited.plus(delay).compareTo(policy.maxTotal()) > 0) {
                        throw new IOException(what + " failed after " + attempt + " attempts over "
                                + waited.toSeconds() + " s (storage unreachable or failing): " + e.getMessage(), e);
                    }
                    if (!counted) {
                        counted = true;
                        if (waiting.getAndIncrement() == 0) {
                            waits.waiting(true);
                        }
                    }
                    log.warn("{} failed (attempt {} of at most {}), waiting for storage, retrying in {} ms: {}", what,
                            attempt, policy.maxAttempts(), delay.toMillis(), e.getMessage());
                    try {
                        sleeper.sleep(delay);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while retrying " + what, ie);
                    }
                }
            }
        } finally {
            if (counted && waiting.decrementAndGet() == 0) {
                waits.waiting(false);
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
    public void putFile(String name, Path file) throws IOException {
        retry("put " + name, () -> {
            delegate.putFile(name, file);
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
    public int getRangeInto(String name, long offset, int length, byte[] buffer) throws IOException {
        return retry("get " + name, () -> delegate.getRangeInto(name, offset, length, buffer));
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
    public List<TempFile> listTemporary(String prefix) throws IOException {
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
