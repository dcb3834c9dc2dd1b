package io.vaultfleet.agent.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reports the console answered with an error instead of a receipt (it could not store them, or refused them for now)
 * and when each may be sent again: after {@code base}, doubling with every refusal up to {@code cap}. The report stays
 * in the {@link Outbox} meanwhile, so a console that fails to store a job's result never leaves that job in a false
 * state for good: the result arrives once the console can take it. Not thread-safe (the channel's loop owns it).
 */
public final class Refusals {
    private final Duration base;
    private final Duration cap;
    private final Map<String, Refused> byDeliveryId = new HashMap<>();

    private record Refused(int times, Instant retryAt) {
    }

    public Refusals(Duration base, Duration cap) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap, was " + base + " and " + cap);
        }
        this.base = base;
        this.cap = cap;
    }

    /** The console refused {@code deliveryId} at {@code now}; returns how long to wait before sending it again. */
    public Duration refused(String deliveryId, Instant now) {
        int times = byDeliveryId.containsKey(deliveryId) ? byDeliveryId.get(deliveryId).times() + 1 : 1;
        Duration wait = base.multipliedBy(1L << Math.min(times - 1, 20));
        if (wait.compareTo(cap) > 0) {
            wait = cap;
        }
        byDeliveryId.put(deliveryId, new Refused(times, now.plus(wait)));
        return wait;
    }

    /** Whether {@code deliveryId} may be sent at {@code now} (never refused, or its wait is over). */
    public boolean due(String deliveryId, Instant now) {
        Refused refused = byDeliveryId.get(deliveryId);
        return refused == null || !now.isBefore(refused.retryAt());
    }

    /** How often the console refused {@code deliveryId} so far. */
    public int times(String deliveryId) {
        Refused refused = byDeliveryId.get(deliveryId);
        return refused == null ? 0 : refused.times();
    }

    /** The console took it at last. */
    public void delivered(String deliveryId) {
        byDeliveryId.remove(deliveryId);
    }

    /** A new link: whatever was refused on the old one is tried at once (the console may have been fixed). */
    public void newLink() {
        byDeliveryId.clear();
    }
}
