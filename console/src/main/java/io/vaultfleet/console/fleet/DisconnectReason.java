package io.vaultfleet.console.fleet;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why an agent's connection ended, in words an administrator reads on the server page and in notifications. The
 * WebSocket close code stays in the log, not in the UI: "(1006)" tells a backup admin nothing.
 */
final class DisconnectReason {
    /** How reasons were stored before they were put in plain words: "text (code)". */
    private static final Pattern WITH_CODE = Pattern.compile("^(.*?)\\s*\\((\\d{4})\\)$");

    private DisconnectReason() {
    }

    /** The plain reason for a close with {@code code} and the closing side's {@code reason} (may be blank). */
    static String describe(int code, String reason) {
        String given = reason == null || reason.isBlank() ? null : reason.strip();
        return switch (code) {
            case 1000 -> given == null ? "The agent closed the connection." : sentence(given);
            case 1001 -> given == null ? "The agent or the console was stopped." : sentence(given);
            case 1006 -> "The connection was lost (network interruption, or the agent stopped without saying so).";
            case 1008 -> given == null ? "The console closed the connection: the agent broke the protocol."
                    : "The console closed the connection: " + given + ".";
            case 1009 -> "The console closed the connection: the agent sent a message that was too large.";
            case 1011 -> "The connection ended on an unexpected error" + (given == null ? "." : ": " + given + ".");
            default -> given == null ? "The connection ended." : sentence(given);
        };
    }

    /** A stored reason as shown: older rows kept "text (code)"; those are put in the same plain words. */
    static String plain(String stored) {
        if (stored == null || stored.isBlank()) {
            return "";
        }
        Matcher m = WITH_CODE.matcher(stored.strip());
        if (!m.matches()) {
            return stored;
        }
        String text = m.group(1);
        return describe(Integer.parseInt(m.group(2)), text.equals("connection closed") ? null : text);
    }

    private static String sentence(String text) {
        String first = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return first.endsWith(".") ? first : first + ".";
    }
}
