package io.vaultfleet.agent.restore;

import java.util.List;

/**
 * What a restore did: files and bytes written, files left incomplete, and why. {@code incompleteFiles} are the
 * recorded paths of the files whose content could not be fully restored; each was written as
 * {@code <name>.vaultfleet-incomplete} ({@link Restorer#INCOMPLETE_SUFFIX}), never under its own name.
 */
public record RestoreResult(String snapshotId, long files, long dirs, long bytes, List<RestoreProblem> problems,
        List<String> warnings, List<String> incompleteFiles) {
    public boolean complete() {
        return problems.isEmpty();
    }
}
