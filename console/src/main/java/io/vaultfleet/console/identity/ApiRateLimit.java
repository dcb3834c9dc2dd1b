package io.vaultfleet.console.identity;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per access token: {@code burst} requests at once, refilled at {@code perSecond}. A caller that
 * empties its bucket is told how long to wait (429 and {@code Retry-After}) instead of slowing the console for
 * everyone. Per console node: several nodes each allow the rate, which bounds a flood without a shared store.
 */
final class ApiRateLimit {
    private final double burst;
    private final double perSecond;
    private final Clock clock;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    ApiRateLimit(int burst, double perSecond, Clock clock) {
        if (burst < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("vaultfleet.api.rate: burst must be at least 1 and per-second above 0");
        }
        this.burst = burst;
        this.perSecond = perSecond;
        this.clock = clock;
    }

    /** Takes one request from the token's bucket: empty when allowed, else how long until one is. */
    Optional<Duration> take(UUID tokenId) {
        long now = clock.millis();
        Bucket bucket = buckets.computeIfAbsent(tokenId, id -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / 1000.0 * perSecond);
            bucket.at = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Optional.empty();
            }
            // less a hair for floating-point error, so a wait of exactly n ms is not told as n + 1
            long waitMillis = Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond * 1000 - 1e-6));
            return Optional.of(Duration.ofMillis(waitMillis));
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
