package io.vaultfleet.protocol;

/** Why a frame or a request was refused. Sent in {@link ErrorReply}. */
public enum ErrorCode {
    /** Not JSON, or not an envelope object. */
    MALFORMED_FRAME,
    /** The frame is larger than the receiver accepts. */
    FRAME_TOO_LARGE,
    /** The envelope's {@code v} is outside the versions the receiver speaks. */
    UNSUPPORTED_VERSION,
    /** The envelope's {@code type} names no known message. */
    UNKNOWN_TYPE,
    /** The payload does not fit the message type (missing or invalid fields). */
    INVALID_PAYLOAD,
    /** The sender has not proved who it is, or its proof was refused. */
    UNAUTHENTICATED,
    /** The message is known but not allowed now or from this sender. */
    NOT_ALLOWED,
    /** The receiver failed while handling a valid message. */
    INTERNAL
}
