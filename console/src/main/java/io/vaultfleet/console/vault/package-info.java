/**
 * Recovery Services vaults: create (Basics, Review + create), list and filter, overview, Backup Configuration
 * (storage redundancy, locked once items are protected), Security settings (soft delete with a second owner's
 * confirmation to disable) and Getting Started &gt; Backup (the backup goal). Access is checked per vault against
 * roles at the vault, its resource group and its subscription.
 */
package io.vaultfleet.console.vault;
