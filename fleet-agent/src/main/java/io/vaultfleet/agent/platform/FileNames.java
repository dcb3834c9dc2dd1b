package io.vaultfleet.agent.platform;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * File names exactly as the file system gave them (decision 019). In memory a name is a Java {@code String} that
 * loses nothing:
 * <ul>
 * <li>POSIX: the name's bytes, decoded as UTF-8 where they are valid UTF-8, and every other byte {@code b} as the
 * lone surrogate {@code U+DC00 + b} ("surrogateescape", PEP 383). Encoding back gives the very same bytes;</li>
 * <li>Windows: the UTF-16 code units NTFS gave, which a {@code String} holds as they are (lone surrogates
 * included).</li>
 * </ul>
 * On storage a name is {@link Encoding#POSIX_BYTES} (the raw bytes) or {@link Encoding#WTF8} (generalized UTF-8 of
 * the code units). Java's {@code UnixPath.toString()} replaces invalid bytes with U+FFFD, so on POSIX the raw bytes
 * are read from and given to {@code sun.nio.fs.UnixPath} (it keeps them: {@code asByteArray()} and its
 * {@code (UnixFileSystem, byte[])} constructor), which needs {@code --add-opens java.base/sun.nio.fs=ALL-UNNAMED}
 * (the jar's manifest, the backup processes' options and the tests' argLine give it). Without it {@link #exact()}
 * is false and names that are not valid UTF-8 are reported, not backed up under a wrong name.
 */
public final class FileNames {
    /** How names are stored in a recovery point. */
    public enum Encoding {
        /** The bytes the POSIX file system gave; separator {@code /}. */
        POSIX_BYTES('/'),
        /** WTF-8 of the UTF-16 code units Windows gave (a lone surrogate as its 3-byte form); separator {@code \}. */
        WTF8('\\');

        final byte separator;

        Encoding(char separator) {
            this.separator = (byte) separator;
        }

        /** The stored bytes of an in-memory name. */
        public byte[] encode(String name) {
            return this == POSIX_BYTES ? posixBytes(name) : wtf8(name);
        }

        /** The in-memory name of stored bytes. */
        public String decode(byte[] b, int off, int len) {
            return this == POSIX_BYTES ? fromPosixBytes(b, off, len) : fromWtf8(b, off, len);
        }

        /** Byte-wise order of the stored form, component by component (the separator sorts before any byte). */
        public int compare(String a, String b) {
            int n = Math.min(a.length(), b.length());
            int i = 0;
            while (i < n && a.charAt(i) == b.charAt(i)) {
                i++;
            }
            if (i == n) {
                return Integer.compare(a.length(), b.length()); // a prefix: its bytes are a prefix too
            }
            char x0 = a.charAt(i);
            char y0 = b.charAt(i);
            if (!Character.isSurrogate(x0) && !Character.isSurrogate(y0)
                    && (i == 0 || !Character.isHighSurrogate(a.charAt(i - 1)))) {
                // UTF-8 keeps the order of code points: no need to encode (the common case, and allocation-free)
                return Integer.compare(x0 == separator ? -1 : x0, y0 == separator ? -1 : y0);
            }
            if (i > 0 && Character.isHighSurrogate(a.charAt(i - 1))) {
                i--; // never split a surrogate pair: the char after it may pair with it on one side only
            }
            byte[] x = encode(a.substring(i));
            byte[] y = encode(b.substring(i));
            int m = Math.min(x.length, y.length);
            for (int k = 0; k < m; k++) {
                if (x[k] != y[k]) {
                    return Integer.compare(rank(x[k]), rank(y[k]));
                }
            }
            return Integer.compare(x.length, y.length);
        }

        private int rank(byte b) {
            return b == separator ? 0 : (b & 0xff) + 1;
        }

        /** This platform's encoding. */
        public static Encoding local() {
            return WINDOWS ? WTF8 : POSIX_BYTES;
        }

        public static Encoding fromCode(int code) {
            return switch (code) {
                case 0 -> POSIX_BYTES;
                case 1 -> WTF8;
                default -> throw new IllegalArgumentException("unknown name encoding " + code);
            };
        }
    }

    // before ORDER, which reads it while the class initialises
    private static final boolean WINDOWS = FileSystems.getDefault().getSeparator().equals("\\");

    /** Paths in this platform's stored order (for sorting nodes). */
    public static final Comparator<String> ORDER = Encoding.local()::compare;
    private static final MethodHandle AS_BYTES;
    private static final MethodHandle FROM_BYTES;
    private static final String UNAVAILABLE;

    static {
        MethodHandle asBytes = null;
        MethodHandle fromBytes = null;
        String unavailable = null;
        if (!WINDOWS) {
            try {
                Class<?> unixPath = Class.forName("sun.nio.fs.UnixPath");
                Class<?> unixFs = Class.forName("sun.nio.fs.UnixFileSystem");
                var lookup = MethodHandles.privateLookupIn(unixPath, MethodHandles.lookup());
                asBytes = lookup.findVirtual(unixPath, "asByteArray", MethodType.methodType(byte[].class))
                        .asType(MethodType.methodType(byte[].class, Path.class));
                MethodHandle ctor = lookup.findConstructor(unixPath, MethodType.methodType(void.class, unixFs,
                        byte[].class));
                fromBytes = MethodHandles.insertArguments(ctor, 0, FileSystems.getDefault())
                        .asType(MethodType.methodType(Path.class, byte[].class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                asBytes = null;
                fromBytes = null;
                unavailable = "exact file names need --add-opens java.base/sun.nio.fs=ALL-UNNAMED (" + e + ")";
            }
        }
        AS_BYTES = asBytes;
        FROM_BYTES = fromBytes;
        UNAVAILABLE = unavailable;
    }

    private FileNames() {
    }

    /** Whether names are read and written exactly (always on Windows; on POSIX when sun.nio.fs is open to us). */
    public static boolean exact() {
        return UNAVAILABLE == null;
    }

    /** Why names are not exact, or null. */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** The lossless in-memory name of a path of the default file system. */
    public static String name(Path path) {
        if (AS_BYTES == null || path.getFileSystem() != FileSystems.getDefault()) {
            return path.toString();
        }
        try {
            byte[] b = (byte[]) AS_BYTES.invokeExact(path);
            return fromPosixBytes(b, 0, b.length);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read the bytes of a path", t);
        }
    }

    /** The exact bytes of a path of the default file system (POSIX; on Windows its UTF-8). */
    public static byte[] bytes(Path path) {
        if (AS_BYTES == null) {
            return path.toString().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return (byte[]) AS_BYTES.invokeExact(path);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read the bytes of a path", t);
        }
    }

    /**
     * Whether {@link #name(Path)} of this path is exact: false only when the exact form is unavailable and the name
     * came back with U+FFFD (its bytes were not valid UTF-8, or it holds U+FFFD itself: we cannot tell).
     */
    public static boolean representable(Path path) {
        return exact() || path.toString().indexOf('\uFFFD') < 0;
    }

    /** The path of the default file system with exactly this in-memory name. */
    public static Path path(String name) {
        if (FROM_BYTES == null) {
            return Path.of(name);
        }
        byte[] b = posixBytes(name);
        for (byte x : b) {
            if (x == 0) {
                throw new InvalidPathException(display(name), "a name cannot hold a NUL byte");
            }
        }
        try {
            return (Path) FROM_BYTES.invokeExact(normalize(b));
        } catch (Throwable t) {
            throw new IllegalStateException("cannot make a path from bytes", t);
        }
    }

    /** Collapses repeated separators and drops a trailing one, as {@code UnixPath} expects of its bytes. */
    private static byte[] normalize(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '/' && ((i > 0 && b[i - 1] == '/') || (i == b.length - 1 && i > 0))) {
                continue;
            }
            out.write(b[i]);
        }
        return out.toByteArray();
    }

    /**
     * A name for people (list, warnings, logs, the console): escaped bytes as {@code \xNN}, other lone surrogates as
     * {@code \\uXXXX}; everything else as it is.
     */
    public static String display(String name) {
        if (name == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(name.charAt(i - 1)));
            if (lone && sb == null) {
                sb = new StringBuilder(name.length() + 8).append(name, 0, i);
            }
            if (lone) {
                sb.append(c >= 0xDC80 && c <= 0xDCFF ? String.format("\\x%02x", c - 0xDC00)
                        : String.format("\\u%04X", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? name : sb.toString();
    }

    /** Bytes → in-memory name: valid UTF-8 decoded, every other byte as {@code U+DC00 + byte}. */
    public static String fromPosixBytes(byte[] b, int off, int len) {
        boolean ascii = true;
        for (int i = off; i < off + len && ascii; i++) {
            ascii = b[i] >= 0;
        }
        if (ascii) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, off, len);
        CharBuffer out = CharBuffer.allocate(len);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isUnderflow()) {
                break;
            }
            if (r.isError()) {
                for (int k = 0; k < r.length(); k++) {
                    out.put((char) (0xDC00 + (in.get() & 0xff)));
                }
            } else {
                throw new IllegalStateException("name decoding overflow"); // cannot be: a byte makes at most a char
            }
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /** In-memory name → bytes: escaped bytes back as they were, the rest as UTF-8 (other lone surrogates WTF-8). */
    public static byte[] posixBytes(String name) {
        return encode(name, true);
    }

    /** In-memory name → WTF-8: UTF-8 in which a lone surrogate is its 3-byte form. */
    public static byte[] wtf8(String name) {
        return encode(name, false);
    }

    private static byte[] encode(String s, boolean escapedBytes) {
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) {
            ascii = s.charAt(i) < 0x80;
        }
        if (ascii) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint(c, s.charAt(++i));
            } else if (escapedBytes && c >= 0xDC80 && c <= 0xDCFF) {
                out.write(c - 0xDC00);
                continue;
            }
            if (cp < 0x80) {
                out.write(cp);
            } else if (cp < 0x800) {
                out.write(0xC0 | cp >> 6);
                out.write(0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                out.write(0xE0 | cp >> 12);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            } else {
                out.write(0xF0 | cp >> 18);
                out.write(0x80 | cp >> 12 & 0x3F);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            }
        }
        return out.toByteArray();
    }

    /** WTF-8 → code units; anything that is not WTF-8 is refused. */
    public static String fromWtf8(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        int i = off;
        int end = off + len;
        while (i < end) {
            int x = b[i] & 0xff;
            int n = x < 0x80 ? 1 : x >= 0xC2 && x < 0xE0 ? 2 : x >= 0xE0 && x < 0xF0 ? 3
                    : x >= 0xF0 && x < 0xF5 ? 4 : 0;
            if (n == 0 || i + n > end) {
                throw new IllegalArgumentException("name is not WTF-8 at byte " + (i - off));
            }
            int cp = n == 1 ? x : x & (0xFF >> (n + 1));
            for (int k = 1; k < n; k++) {
                int y = b[i + k] & 0xff;
                if ((y & 0xC0) != 0x80) {
                    throw new IllegalArgumentException("name is not WTF-8 at byte " + (i - off + k));
                }
                cp = cp << 6 | y & 0x3F;
            }
            if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
                throw new IllegalArgumentException("name is not WTF-8 (overlong) at byte " + (i - off));
            }
            sb.appendCodePoint(cp);
            i += n;
        }
        return sb.toString();
    }

    /** For tests and messages: whether bytes are valid UTF-8. */
    static boolean validUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
