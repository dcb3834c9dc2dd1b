package io.vaultfleet.agent.platform.windows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.vaultfleet.agent.platform.CommandRunner;

/**
 * What a crashed run can leave on a Windows server, removed at the next start: VSS shadow copies recorded in
 * {@code shadow-copies.txt} and the System State staging folder recorded in {@code system-state-staging.txt}.
 * Only tested with recorded outputs (recorded vssadmin output; the files run for real on a temp folder).
 */
public final class CrashLeftovers {
    private CrashLeftovers() {
    }

    /** Cleans up and says what it did, one line each (for the agent log). */
    public static List<String> cleanUp(CommandRunner runner, Path agentHome) throws InterruptedException {
        List<String> done = new ArrayList<>();
        ShadowCopies copies = new ShadowCopies(runner, agentHome);
        try {
            int before = copies.recorded().size();
            List<String> stuck = copies.deleteLeftovers();
            if (before > 0) {
                done.add("deleted " + (before - stuck.size()) + " shadow cop(ies) a crashed run left"
                        + (stuck.isEmpty() ? "" : "; could not delete " + String.join(", ", stuck) + " (retried at next start)"));
            }
        } catch (IOException e) {
            done.add("could not read " + agentHome.resolve("shadow-copies.txt") + ": " + e.getMessage());
        }
        try {
            if (WbadminSystemState.removeLeftoverStaging(agentHome)) {
                done.add("removed the System State staging folder a crashed run left");
            }
        } catch (IOException e) {
            done.add("could not remove the System State staging folder a crashed run left: " + e.getMessage());
        }
        return done;
    }
}
