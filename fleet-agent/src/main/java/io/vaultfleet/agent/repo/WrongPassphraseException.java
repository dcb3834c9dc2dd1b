package io.vaultfleet.agent.repo;

import java.io.IOException;

/** No key file in the repository opens with the given passphrase. */
public final class WrongPassphraseException extends IOException {
    public WrongPassphraseException(String message) {
        super(message);
    }
}
