package io.vaultfleet.console.jobs;

/** Where a job is, in the Backup console's words. */
public enum JobStatus {
    QUEUED("Queued"), IN_PROGRESS("In progress"), COMPLETED("Completed"),
    COMPLETED_WITH_WARNINGS("Completed with warnings"), FAILED("Failed"), CANCELLED("Cancelled");

    private final String label;

    JobStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean finished() {
        return this == COMPLETED || this == COMPLETED_WITH_WARNINGS || this == FAILED || this == CANCELLED;
    }
}
