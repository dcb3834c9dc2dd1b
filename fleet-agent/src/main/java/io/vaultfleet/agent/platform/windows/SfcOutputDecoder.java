package io.vaultfleet.agent.platform.windows;

import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes {@code sfc.exe} writes into text. sfc writes UTF-16LE to a pipe, usually without a byte-order
 * mark, sometimes with one, and its stream can carry single-byte ASCII the console host or a wrapping
 * {@code cmd /c} put in between (a blank line, a CR LF) — so neither a plain UTF-16 nor a plain ASCII decode reads
 * it. Progress is redrawn with a bare CR ("Verification 5% complete.\rVerification 6% complete."). The result has
 * NULs removed and every CR, CR LF or CR CR LF turned into one LF. Only tested with recorded outputs.
 */
public final class SfcOutputDecoder {
    private SfcOutputDecoder() {
    }

    public static String decode(byte[] bytes) {
        String text;
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            text = mixed(bytes, 2);
        } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            text = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        } else if (containsNul(bytes)) {
            text = mixed(bytes, 0);
        } else {
            text = new String(bytes, StandardCharsets.UTF_8); // an ASCII-only message (an English console, a wrapper)
        }
        return normalizeLineEnds(text.replace("\0", ""));
    }

    /**
     * Walks the bytes: a pair whose second byte is NUL is one UTF-16LE code unit in Latin-1; a lone NUL means the walk
     * was one byte off; a CR or LF followed by another CR/LF or by a UTF-16 unit is a single byte that slipped in
     * (the only single-byte text seen in sfc's stream); any other pair is a UTF-16LE code unit (Cyrillic, CJK…).
     */
    private static String mixed(byte[] b, int start) {
        StringBuilder out = new StringBuilder(b.length / 2);
        int i = start;
        while (i < b.length) {
            int lo = b[i] & 0xFF;
            int hi = i + 1 < b.length ? b[i + 1] & 0xFF : 0;
            if (hi == 0) {
                out.append((char) lo);
                i += 2;
            } else if (lo == 0) {
                i += 1;
            } else if (lo == '\r' && hi == '\n') {
                out.append("\r\n"); // a single-byte CR LF: two bytes, so the UTF-16 alignment holds
                i += 2;
            } else if (isCrLf(lo) && (isCrLf(hi) || (i + 2 < b.length && b[i + 2] == 0))) {
                out.append((char) lo);
                i += 1;
            } else {
                out.append((char) (lo | hi << 8));
                i += 2;
            }
        }
        return out.toString();
    }

    private static boolean isCrLf(int b) {
        return b == '\r' || b == '\n';
    }

    private static boolean containsNul(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    static String normalizeLineEnds(String text) {
        return text.replaceAll("\r+\n|\r", "\n");
    }
}
