package io.vaultfleet.agent.repo;

import java.io.IOException;

/** Stored data failed authentication or does not parse: it was damaged or tampered with. */
public class IntegrityException extends IOException {
    public IntegrityException(String message) {
        super(message);
    }

    public IntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
