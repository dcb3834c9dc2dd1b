package io.vaultfleet.protocol.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The name of a Recovery Services vault: 2 to 50 characters, starting with a letter, only ASCII letters, digits and
 * hyphens, not ending in a hyphen (the Azure portal's create form refuses a trailing hyphen, though Azure's
 * resource-naming table lists only "start with letter" for vaults; we follow the stricter form). Each broken rule has its own message, so the console form, the server and the agent say the same thing.
 * Uniqueness (case-insensitive, per subscription) is the console's to check: see {@link #key()}.
 */
public record VaultName(String value) {
    public static final int MIN_LENGTH = 2;
    public static final int MAX_LENGTH = 50;

    public static final String REQUIRED = "Enter a vault name.";
    public static final String LENGTH = "The name must be between " + MIN_LENGTH + " and " + MAX_LENGTH
            + " characters long.";
    public static final String FIRST_LETTER = "The name must start with a letter.";
    public static final String CHARACTERS = "The name can contain only letters, digits and hyphens (-).";
    public static final String LAST_CHARACTER = "The name must end with a letter or a digit, not a hyphen.";

    public VaultName {
        List<String> problems = problems(value);
        if (!problems.isEmpty()) {
            throw new InvalidVaultNameException(problems);
        }
    }

    /** Parses a name as typed (surrounding blanks are not part of it and are refused like any other character). */
    public static VaultName of(String raw) {
        return new VaultName(raw);
    }

    /** Every rule {@code raw} breaks, in a stable order; empty when it is a valid name. */
    public static List<String> problems(String raw) {
        if (raw == null || raw.isEmpty()) {
            return List.of(REQUIRED);
        }
        List<String> problems = new ArrayList<>();
        if (raw.length() < MIN_LENGTH || raw.length() > MAX_LENGTH) {
            problems.add(LENGTH);
        }
        if (!isAsciiLetter(raw.charAt(0))) {
            problems.add(FIRST_LETTER);
        }
        if (!raw.chars().allMatch(c -> isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-')) {
            problems.add(CHARACTERS);
        }
        if (raw.length() > 1 && raw.charAt(raw.length() - 1) == '-') {
            problems.add(LAST_CHARACTER);
        }
        return List.copyOf(problems);
    }

    /** The key two names collide on: names are unique within a subscription regardless of case. */
    public String key() {
        return value.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** A name that breaks one or more rules; {@link #problems()} lists them, the message joins them. */
    public static final class InvalidVaultNameException extends IllegalArgumentException {
        private final List<String> problems;

        public InvalidVaultNameException(List<String> problems) {
            super(String.join(" ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
