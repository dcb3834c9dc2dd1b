package io.vaultfleet.protocol;

/**
 * An agent report that must reach the console exactly once, even across agent restarts, console restarts and
 * network cuts. The agent keeps it on disk until the console answers {@link Delivered} with the same
 * {@link #deliveryId()}; it resends it after every reconnect until then, and the console ignores a delivery id it
 * has already accepted (but answers it again).
 */
public interface Reliable {
    /** Unique per report, chosen by the agent (a UUID). */
    String deliveryId();
}
