package io.vaultfleet.agent.backup;

import java.util.List;

import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.agent.source.SourceWarning;

/** The outcome of a backup: the recovery point written, its totals, the catalog record and the warnings. */
public record BackupResult(String snapshotId, Snapshot.Stats stats, CatalogRecord catalog, List<SourceWarning> warnings) {
}
