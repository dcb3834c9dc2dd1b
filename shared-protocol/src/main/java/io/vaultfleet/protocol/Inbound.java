package io.vaultfleet.protocol;

/** A frame that passed every check: its envelope and the typed message it carries. */
public record Inbound(Envelope envelope, Message message) {
    public String id() {
        return envelope.id();
    }

    public String replyTo() {
        return envelope.replyTo();
    }
}
