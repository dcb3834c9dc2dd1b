package io.vaultfleet.console.jobs;

import java.util.UUID;

/** A job was created, progressed or finished: views refresh it. */
public record JobChanged(UUID jobId, UUID serverId, JobStatus status) {
}
