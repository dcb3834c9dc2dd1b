package io.vaultfleet.protocol;

/**
 * The console's receipt for a {@link Reliable} report: it is stored (or was already), the agent may forget it.
 *
 * @param deliveryId the report's delivery id
 */
@MessageType("delivered")
public record Delivered(String deliveryId) implements ConsoleMessage {
    public Delivered {
        Fields.requireText(deliveryId, "deliveryId", 64);
    }
}
