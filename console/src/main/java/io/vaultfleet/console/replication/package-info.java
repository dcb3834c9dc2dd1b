/**
 * Geo-replication (docs/decisions/025-geo-replication.md): for every geo-redundant vault the console copies each blob
 * its agents write from the vault's location to the location's paired location (server-side between Azure accounts,
 * streamed otherwise), removes secondary copies only once the vault's soft-delete period has passed since the
 * primary dropped them, shows how far behind the secondary is, verifies it, and hands out read-only grants to it for
 * Cross Region Restore.
 */
package io.vaultfleet.console.replication;
