package io.vaultfleet.protocol;

/**
 * Recover Data, step 1 when the backups are another server's: the console asks the TARGET agent (the one that will
 * restore) for a one-session key. The agent makes an ECDH P-256 key pair, keeps the private half in memory only, and
 * answers {@link RecoveryKey} with the public half signed by its registered identity key. The browser encrypts the
 * source's passphrase to that key (see {@link io.vaultfleet.protocol.recovery.RecoveryKeys}); the console only
 * relays ciphertext.
 *
 * @param sessionId chosen by the console (a UUID); every later message of this recovery names it
 */
@MessageType("recovery-key-request")
public record RecoveryKeyRequest(String sessionId) implements ConsoleMessage {
    public RecoveryKeyRequest {
        Fields.requireText(sessionId, "sessionId", 64);
    }
}
