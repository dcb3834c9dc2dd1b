package io.vaultfleet.agent.source;

import java.nio.file.Path;

import io.vaultfleet.agent.repo.Snapshot;

/** A path found by the walk and its metadata (a node without chunks yet). */
public record SourceEntry(Path path, Snapshot.Node node) {
}
