package io.vaultfleet.protocol;

/** The console ends a recovery session (wizard closed or timed out): the agent forgets its key and passphrase. */
@MessageType("recovery-close")
public record RecoveryClose(String sessionId) implements ConsoleMessage {
    public RecoveryClose {
        Fields.requireText(sessionId, "sessionId", 64);
    }
}
