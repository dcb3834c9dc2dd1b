package io.vaultfleet.protocol;

import tools.jackson.databind.JsonNode;

/**
 * One frame on the agent channel. Every frame, in both directions, is this JSON object.
 *
 * @param v       protocol version the sender speaks
 * @param type    message type name, see {@link MessageType}
 * @param id      sender-chosen unique id of this frame
 * @param replyTo id of the frame this one answers, or {@code null}
 * @param payload the message body; its shape depends on {@code type}
 */
public record Envelope(int v, String type, String id, String replyTo, JsonNode payload) {
}
