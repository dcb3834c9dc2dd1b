package io.vaultfleet.console.recover;

/** A recovery step that could not be done, in plain words for the admin (the wizard shows the message). */
public class RecoveryException extends RuntimeException {
    public RecoveryException(String message) {
        super(message);
    }
}
