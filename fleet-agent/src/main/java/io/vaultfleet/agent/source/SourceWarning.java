package io.vaultfleet.agent.source;

/** A path that could not be read or described; the backup goes on without it. */
public record SourceWarning(String path, String message) {
}
