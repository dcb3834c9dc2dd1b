package io.vaultfleet.agent.verify;

import java.util.List;

/** What verify found. {@code problems} make the repository damaged; {@code notes} do not. */
public record VerifyReport(int snapshots, int indexFiles, int packs, long chunks, long packBytesRead,
        List<String> problems, List<String> notes) {
    public boolean ok() {
        return problems.isEmpty();
    }
}
