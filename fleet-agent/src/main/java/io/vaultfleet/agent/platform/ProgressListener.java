package io.vaultfleet.agent.platform;

/** Progress of a long platform step (wbadmin), fed into the job's progress. */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param phase   what is being done, in the tool's words (for example {@code System Writer})
     * @param percent 0–100 for that phase, or -1 when the tool gives no percentage
     */
    void progress(String phase, int percent);

    ProgressListener NONE = (phase, percent) -> { };
}
