package io.vaultfleet.protocol.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff, the one retry policy of the product (decision 024): after the first failure wait
 * {@code first}, after each further one twice as long, never longer than {@code cap}. It only computes waits; who
 * retries keeps its own count (in memory, or in a database row for the console's notifications) and its own
 * limits, because those differ by caller while the shape of the waits must not.
 *
 * @param first the wait after the first failure, above zero
 * @param cap   the longest wait, at least {@code first}
 */
public record ExponentialBackoff(Duration first, Duration cap) {

    public ExponentialBackoff {
        if (first == null || cap == null) {
            throw new IllegalArgumentException("a backoff needs a first wait and a cap");
        }
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 < first wait <= cap, got first " + first
                    + " and cap " + cap);
        }
    }

    /** The wait after {@code failures} failures in a row (1: {@link #first()}), doubled per failure up to the cap. */
    public Duration afterFailures(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("a backoff is asked after at least one failure, got " + failures);
        }
        Duration wait = first;
        // stop doubling at the cap; the bound keeps a long outage's count from overflowing the multiplication
        for (int i = 1; i < failures && wait.compareTo(cap) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    /**
     * As {@link #afterFailures}, with "equal jitter": half of that wait plus a random share of the other half
     * ({@code random} in [0, 1]), so many clients that failed together do not come back together. Never zero.
     */
    public Duration withEqualJitter(int failures, DoubleSupplier random) {
        long ceiling = afterFailures(failures).toMillis();
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
    }
}
