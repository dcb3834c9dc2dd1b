package io.vaultfleet.protocol;

import java.util.Objects;

/** A refusal: the frame named by the envelope's {@code replyTo} (when known) was not accepted. */
@MessageType("error")
public record ErrorReply(ErrorCode code, String message) implements Message {
    public ErrorReply {
        Objects.requireNonNull(code, "code");
        message = message == null ? "" : message;
    }
}
