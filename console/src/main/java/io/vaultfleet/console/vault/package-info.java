/** Recovery Services vaults: create, properties, storage redundancy, backup goal. */
package io.vaultfleet.console.vault;
