package io.vaultfleet.agent.channel;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import io.vaultfleet.protocol.retry.ExponentialBackoff;

/**
 * The reconnect waits: the product's one {@link ExponentialBackoff} with "equal jitter" (half of the capped wait
 * plus a random part of the other half), counting failed connections until one is accepted. Never zero (a fleet
 * does not stampede back at once) and never above the cap.
 */
public final class Backoff {
    private final ExponentialBackoff policy;
    private final DoubleSupplier random;
    private int attempt;

    public Backoff(Duration base, Duration cap, DoubleSupplier random) {
        this.policy = new ExponentialBackoff(base, cap);
        this.random = random;
    }

    /** The wait before the next attempt; each call doubles the ceiling up to the cap. */
    public Duration next() {
        Duration wait = policy.withEqualJitter(attempt + 1, random);
        if (attempt < 62) {
            attempt++;
        }
        return wait;
    }

    /** Forget past failures, after a connection was accepted. */
    public void reset() {
        attempt = 0;
    }

    int attempt() {
        return attempt;
    }
}
