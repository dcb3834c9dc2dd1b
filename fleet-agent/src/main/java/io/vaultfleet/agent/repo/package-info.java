/**
 * The on-storage format (specified byte by byte in {@code docs/format.md}): chunker, chunk sealing (compression and
 * AES-256-GCM), packs, index, snapshot manifests, config and passphrase-wrapped keys. Knows nothing of the console
 * channel or the schedule; reads and writes through a {@link io.vaultfleet.agent.store.BlobStore}.
 */
package io.vaultfleet.agent.repo;
