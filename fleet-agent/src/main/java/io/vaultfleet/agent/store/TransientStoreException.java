package io.vaultfleet.agent.store;

import java.io.IOException;

/** A failure worth retrying: throttling, a 5xx answer, a dropped connection. */
public final class TransientStoreException extends IOException {
    public TransientStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
