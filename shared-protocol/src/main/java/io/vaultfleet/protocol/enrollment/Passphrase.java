package io.vaultfleet.protocol.enrollment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The encryption passphrase of a server's backups. It never leaves the server; the console only states its rules.
 * At least {@value #MIN_LENGTH} characters, not all the same character, no leading or trailing spaces (they are lost
 * too easily when it is typed again in an emergency).
 */
public final class Passphrase {
    public static final int MIN_LENGTH = 16;
    public static final int MAX_LENGTH = 1024;
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private final char[] value;

    private Passphrase(char[] value) {
        this.value = value;
    }

    /** Checks the rules; throws {@link IllegalArgumentException} naming every rule broken. */
    public static Passphrase of(char[] value) {
        List<String> problems = problems(value);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
        return new Passphrase(value.clone());
    }

    public static List<String> problems(char[] value) {
        List<String> problems = new ArrayList<>();
        if (value == null || value.length == 0) {
            problems.add("The passphrase is empty.");
            return problems;
        }
        if (value.length < MIN_LENGTH) {
            problems.add("The passphrase must have at least " + MIN_LENGTH + " characters (it has " + value.length + ").");
        }
        if (value.length > MAX_LENGTH) {
            problems.add("The passphrase must have at most " + MAX_LENGTH + " characters.");
        }
        if (Character.isWhitespace(value[0]) || Character.isWhitespace(value[value.length - 1])) {
            problems.add("The passphrase must not start or end with a space.");
        }
        boolean allSame = true;
        for (char c : value) {
            allSame &= c == value[0];
        }
        if (allSame && value.length > 1) {
            problems.add("The passphrase must not repeat a single character.");
        }
        return problems;
    }

    /** A random passphrase of 32 characters from an unambiguous alphabet (about 187 bits), grouped for reading. */
    public static Passphrase generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            if (i > 0 && i % 8 == 0) {
                sb.append('-');
            }
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        char[] chars = new char[sb.length()];
        sb.getChars(0, sb.length(), chars, 0);
        return new Passphrase(chars);
    }

    public char[] chars() {
        return value.clone();
    }

    public boolean matches(char[] other) {
        return other != null && MessageDigest.isEqual(new String(value).getBytes(StandardCharsets.UTF_8),
                new String(other).getBytes(StandardCharsets.UTF_8));
    }

    /** Overwrites the characters in memory. */
    public void wipe() {
        Arrays.fill(value, '\0');
    }

    @Override
    public String toString() {
        return "Passphrase[****]";
    }
}
