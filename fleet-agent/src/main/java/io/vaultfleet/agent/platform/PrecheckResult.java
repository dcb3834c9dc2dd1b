package io.vaultfleet.agent.platform;

/** One precheck as the admin sees it: what was checked, the outcome and the sentence that explains it. */
public record PrecheckResult(String check, Outcome outcome, String detail) {
    public enum Outcome {
        /** Fine. */
        PASSED,
        /** Backups run, but the admin should know (for example: a reboot is pending). */
        WARNING,
        /** The job this check guards must not run. */
        FAILED,
        /** The check does not apply here (for example: System State on Linux). */
        NOT_OFFERED
    }

    public static PrecheckResult passed(String check, String detail) {
        return new PrecheckResult(check, Outcome.PASSED, detail);
    }

    public static PrecheckResult warning(String check, String detail) {
        return new PrecheckResult(check, Outcome.WARNING, detail);
    }

    public static PrecheckResult failed(String check, String detail) {
        return new PrecheckResult(check, Outcome.FAILED, detail);
    }

    public static PrecheckResult notOffered(String check, String detail) {
        return new PrecheckResult(check, Outcome.NOT_OFFERED, detail);
    }
}
