/**
 * Registration with a vault: checking the vault credentials file, pinning the console's certificate, choosing the
 * passphrase, creating the agent's key and posting the signed enrollment request.
 */
package io.vaultfleet.agent.enrollment;
