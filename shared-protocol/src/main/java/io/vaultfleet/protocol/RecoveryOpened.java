package io.vaultfleet.protocol;

import java.util.Objects;

/**
 * The answer to {@link RecoveryOpen}.
 *
 * @param detail plain words for the admin (e.g. "The passphrase does not open the backups of SRV-02."), ≤ 2,000
 */
@MessageType("recovery-opened")
public record RecoveryOpened(String sessionId, RecoveryOpenResult result, String detail) implements AgentMessage {
    public RecoveryOpened {
        Fields.requireText(sessionId, "sessionId", 64);
        Objects.requireNonNull(result, "result is required");
        detail = detail == null ? "" : (detail.length() > 2000 ? detail.substring(0, 2000) : detail);
    }
}
