package io.vaultfleet.console.platform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request a service refused because of what was entered. {@link #problems()} maps each field to a message fit to
 * show beside it; the exception message joins them. Views show these, so the server's word is what the user reads.
 */
public class InvalidInputException extends RuntimeException {
    private final Map<String, String> problems;

    public InvalidInputException(Map<String, String> problems) {
        super(String.join(" ", problems.values()));
        this.problems = new LinkedHashMap<>(problems);
    }

    public InvalidInputException(String field, String message) {
        this(Map.of(field, message));
    }

    public Map<String, String> problems() {
        return Map.copyOf(problems);
    }

    public String problem(String field) {
        return problems.get(field);
    }
}
