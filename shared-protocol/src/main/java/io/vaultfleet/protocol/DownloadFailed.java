package io.vaultfleet.protocol;

/** The agent could not start (or finish) streaming a {@link DownloadStart}; {@code detail} in plain words. */
@MessageType("download-failed")
public record DownloadFailed(String transferId, String detail) implements AgentMessage {
    public DownloadFailed {
        Fields.requireText(transferId, "transferId", 64);
        detail = detail == null ? "" : (detail.length() > 2000 ? detail.substring(0, 2000) : detail);
    }
}
