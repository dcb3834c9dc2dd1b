package io.vaultfleet.protocol;

/** Checks shared by message constructors, so a bad payload names the field that is wrong. */
final class Fields {
    private Fields() {
    }

    static void requireText(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " is longer than " + maxLength + " characters");
        }
    }
}
