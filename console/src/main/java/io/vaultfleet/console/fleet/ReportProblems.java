package io.vaultfleet.console.fleet;

/** Says why a report could not be stored, in a line an operator can act on (no stack trace, no SQL statement). */
final class ReportProblems {
    private static final int MAX = 500;

    private ReportProblems() {
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // JDBC drivers append the statement after the reason ("...; SQL statement: update ..."): operators need the reason
        int statement = message.indexOf("; SQL statement:");
        if (statement > 0) {
            message = message.substring(0, statement);
        }
        message = message.replace('\n', ' ').strip();
        return message.length() <= MAX ? message : message.substring(0, MAX - 1) + "…";
    }
}
