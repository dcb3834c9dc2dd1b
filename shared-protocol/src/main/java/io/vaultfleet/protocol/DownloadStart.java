package io.vaultfleet.protocol;

/**
 * Download from a recovery point to the browser: the agent streams the file (or a folder as a zip) in the body of
 * {@code PUT /agent/transfers/{transferId}} to the console, with its connect proof as for {@code /agent/package},
 * and the console pipes it to the waiting browser; nothing is stored on the console. A failure before the upload
 * starts is a {@link DownloadFailed}.
 *
 * @param path an entry's {@link FolderEntry#path()}
 */
@MessageType("download-start")
public record DownloadStart(String transferId, String sessionId, String recoveryPointId, String path)
        implements ConsoleMessage {
    public DownloadStart {
        Fields.requireText(transferId, "transferId", 64);
        Fields.requireText(sessionId, "sessionId", 64);
        Fields.requireText(recoveryPointId, "recoveryPointId", 128);
        Fields.requireText(path, "path", 32_767);
    }
}
