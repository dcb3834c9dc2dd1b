package io.vaultfleet.agent.channel;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with "equal jitter": the n-th wait is half of {@code min(cap, base * 2^n)} plus a
 * random part of the other half. Never zero (a fleet does not stampede back at once) and never above the cap.
 */
public final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;
    private int attempt;

    public Backoff(Duration base, Duration cap, DoubleSupplier random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap");
        }
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** The wait before the next attempt; each call doubles the ceiling up to the cap. */
    public Duration next() {
        long ceiling = ceilingMillis(attempt);
        if (attempt < 62) {
            attempt++;
        }
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
    }

    /** Forget past failures, after a connection was accepted. */
    public void reset() {
        attempt = 0;
    }

    int attempt() {
        return attempt;
    }

    private long ceilingMillis(int n) {
        long capMillis = cap.toMillis();
        long value = base.toMillis();
        for (int i = 0; i < n && value < capMillis; i++) {
            value *= 2;
        }
        return Math.min(value, capMillis);
    }
}
