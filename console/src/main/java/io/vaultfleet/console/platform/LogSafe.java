package io.vaultfleet.console.platform;

/**
 * Makes a caller-supplied value safe to put in a log line or the audit table: control characters (a newline in a
 * host name would otherwise forge a whole log line), and lone UTF-16 surrogates (which cannot be written as UTF-8)
 * become visible escapes such as {@code \n} or {@code \u0000}. Every value an agent or an anonymous caller sends goes
 * through here before it is logged or audited.
 */
public final class LogSafe {
    private LogSafe() {
    }

    /** The value with control characters and lone surrogates escaped; {@code null} stays {@code "null"}. */
    public static String of(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = escape(s, i, c);
            if (escape != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                out.append(escape != null ? escape : String.valueOf(c));
            }
        }
        return out == null ? s : out.toString();
    }

    /** As {@link #of}, cut to at most {@code max} characters (plus an ellipsis) after escaping. */
    public static String of(Object value, int max) {
        String s = of(value);
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    /** Whether {@code s} holds no lone surrogate, i.e. can be encoded as UTF-8. */
    public static boolean wellFormed(String s) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            if (loneSurrogate(s, i)) {
                return false;
            }
        }
        return true;
    }

    private static String escape(String s, int i, char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || loneSurrogate(s, i)
                    ? String.format("\\u%04x", (int) c) : null;
        };
    }

    private static boolean loneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
