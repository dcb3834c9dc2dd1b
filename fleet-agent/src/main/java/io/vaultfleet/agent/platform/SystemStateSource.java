package io.vaultfleet.agent.platform;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Produces the folder that holds this server's System State, for the backup engine to back up as files.
 * Minimal on purpose: the engine's own source interfaces (another branch) adapt to it.
 */
public interface SystemStateSource {
    /** Runs the System State backup into staging and returns the folder to back up. */
    Path produce(ProgressListener progress) throws IOException, InterruptedException;

    /** Removes the staging area; safe to call more than once and after a failed {@link #produce}. */
    void cleanup() throws IOException;
}
