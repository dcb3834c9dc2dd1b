package io.vaultfleet.agent.platform;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Keeps a secret (the encryption passphrase, the agent's private key) in a file that only this machine's
 * administrators can read back: DPAPI machine scope on Windows, an owner-only (0600) file elsewhere.
 */
public interface SecretProtection {
    void store(Path file, byte[] secret) throws IOException;

    byte[] load(Path file) throws IOException;
}
