/**
 * Storage locations: where vaults keep their data (a folder the agents can reach, or an Azure Blob account, Azurite
 * included), each naming its paired location for geo-redundancy. Account credentials are sealed at rest with the
 * console's data key and never leave this package in clear.
 */
package io.vaultfleet.console.storage;
