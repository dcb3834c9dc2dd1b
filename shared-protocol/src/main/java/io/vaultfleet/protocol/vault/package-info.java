/**
 * Vault values the console and the agent share: the {@link io.vaultfleet.protocol.vault.VaultName} rules and the
 * signed vault credentials file ({@link io.vaultfleet.protocol.vault.VaultCredentials}, written by
 * {@link io.vaultfleet.protocol.vault.CredentialsSigner}, checked by
 * {@link io.vaultfleet.protocol.vault.CredentialsVerifier}). The file format is specified in {@code docs/portal.md}.
 */
package io.vaultfleet.protocol.vault;
