package io.vaultfleet.protocol;

/**
 * A frame that cannot be accepted, with the code and a human-readable reason to send back.
 * {@link #frameId()} is the id of the offending frame when it could be read, so the error reply can refer to it.
 */
public final class ProtocolException extends RuntimeException {
    private final ErrorCode code;
    private final String frameId;

    public ProtocolException(ErrorCode code, String message, String frameId) {
        super(message);
        this.code = code;
        this.frameId = frameId;
    }

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ErrorCode code() {
        return code;
    }

    public String frameId() {
        return frameId;
    }
}
