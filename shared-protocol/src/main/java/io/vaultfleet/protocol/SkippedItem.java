package io.vaultfleet.protocol;

/**
 * A file or folder a backup could not include, and why (as MARS's {@code LastBackupFailedFiles}). Long values are
 * cut so one item stays small on the wire; {@link JobFinished#skipped} keeps at most
 * {@link JobFinished#MAX_SKIPPED_LISTED} of them.
 *
 * @param path   as the agent saw it
 * @param reason what went wrong, e.g. {@code does not exist}, {@code access denied}
 */
public record SkippedItem(String path, String reason) {
    /** Longest path kept, in characters (Windows long paths reach 32,767; the start of the path is what helps). */
    public static final int MAX_PATH = 1024;
    public static final int MAX_REASON = 512;

    public SkippedItem {
        path = cut(path == null || path.isEmpty() ? "(unnamed)" : path, MAX_PATH);
        reason = cut(reason == null || reason.isBlank() ? "no reason given" : reason, MAX_REASON);
    }

    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return s.substring(0, end) + "…";
    }

    /** Upper bound of this item's size in a frame, in UTF-8 bytes (JSON escaping may take up to 6 per char). */
    int frameBytes() {
        return 32 + utf8(path) + utf8(reason);
    }

    private static int utf8(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x20 || c == '"' || c == '\\' ? 6 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return bytes;
    }
}
