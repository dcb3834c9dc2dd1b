/**
 * Recover Data from the console (issue 19), the agent's side: one-session keys that carry another server's
 * passphrase past the console ({@link io.vaultfleet.agent.recovery.RecoverySessions}), folder pages of a recovery
 * point, restore jobs with progress and cancel ({@link io.vaultfleet.agent.recovery.RestoreJobs}), and downloads
 * streamed to the console ({@link io.vaultfleet.agent.recovery.Downloads}); {@link
 * io.vaultfleet.agent.recovery.Recoveries} routes the console's messages to them.
 */
package io.vaultfleet.agent.recovery;
