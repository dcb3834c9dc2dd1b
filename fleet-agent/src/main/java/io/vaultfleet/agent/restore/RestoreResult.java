package io.vaultfleet.agent.restore;

import java.util.List;

/** What a restore did: files and bytes written, files left incomplete, and why. */
public record RestoreResult(String snapshotId, long files, long dirs, long bytes, List<RestoreProblem> problems,
        List<String> warnings) {
    public boolean complete() {
        return problems.isEmpty();
    }
}
