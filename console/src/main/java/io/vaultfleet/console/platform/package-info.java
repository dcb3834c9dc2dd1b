/** Configuration every feature shares: the data folder, the clock, database helpers. */
package io.vaultfleet.console.platform;
