package io.vaultfleet.agent.store;

import java.time.Instant;

/**
 * A temporary file an unfinished write left behind: {@code name} is its path under the store's root (with the
 * {@code .tmp-<uuid>} suffix), {@code target} the blob it was going to become.
 */
public record TempFile(String name, String target, long size, Instant lastModified) {
}
