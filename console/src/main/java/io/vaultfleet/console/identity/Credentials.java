package io.vaultfleet.console.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The rules for console user names and passwords, each violation with its own message. */
public final class Credentials {
    public static final int MIN_PASSWORD_LENGTH = 12;
    public static final int MAX_PASSWORD_LENGTH = 128;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]+");

    private Credentials() {
    }

    public static List<String> usernameProblems(String username) {
        List<String> problems = new ArrayList<>();
        if (username == null || username.isBlank()) {
            problems.add("User name is required.");
            return problems;
        }
        if (username.length() < 2 || username.length() > 64) {
            problems.add("User name must be 2 to 64 characters long.");
        }
        if (!USERNAME.matcher(username).matches()) {
            problems.add("User name may contain only letters, digits, '.', '_', '-' and '@'.");
        }
        return problems;
    }

    public static List<String> passwordProblems(String password, String username) {
        List<String> problems = new ArrayList<>();
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            problems.add("Password must be at least " + MIN_PASSWORD_LENGTH + " characters long.");
        }
        if (password != null && password.length() > MAX_PASSWORD_LENGTH) {
            problems.add("Password must be at most " + MAX_PASSWORD_LENGTH + " characters long.");
        }
        if (password != null && username != null && !username.isBlank()
                && password.toLowerCase().contains(username.toLowerCase())) {
            problems.add("Password must not contain the user name.");
        }
        return problems;
    }
}
