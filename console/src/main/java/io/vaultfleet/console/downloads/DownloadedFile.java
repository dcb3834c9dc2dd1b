package io.vaultfleet.console.downloads;

/** A file to hand to the browser: its name, content type and bytes. */
public record DownloadedFile(String fileName, String contentType, byte[] content) {
}
