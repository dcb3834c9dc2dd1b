package io.vaultfleet.console.fleet;

/** A report handler refuses a report for a reason the agent should see (it keeps the report and may send it later). */
public class ReportRejectedException extends RuntimeException {
    public ReportRejectedException(String message) {
        super(message);
    }
}
