/**
 * {@code fleet-agent repair}: puts a damaged repository back into a state every reader accepts, without re-creating
 * it and without deleting a readable byte (docs/decisions/020-repair.md). Each step is a class: {@link
 * io.vaultfleet.agent.repair.ConfigRepair} (a lost {@code config}), {@link io.vaultfleet.agent.repair.IndexRepair}
 * (damaged packs and index files), {@link io.vaultfleet.agent.repair.SnapshotRepair} (recovery points that need lost
 * chunks, or do not read), {@link io.vaultfleet.agent.repair.TempFileRepair} (unfinished writes), and everything done
 * or lost goes into one {@link io.vaultfleet.agent.repair.RepairReport}.
 */
package io.vaultfleet.agent.repair;
