/**
 * Prepare infrastructure's downloads: the agent package (the fleet-agent jar with install scripts for Windows and
 * Linux) and signed, expiring vault credentials files. The console's Ed25519 signing key is made once and kept in
 * the data folder, readable by the console's user only. Every download is authorised and audited.
 */
package io.vaultfleet.console.downloads;
