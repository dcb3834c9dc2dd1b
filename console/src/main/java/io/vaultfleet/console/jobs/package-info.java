/** Backup, restore and clean-up jobs with their live progress. */
package io.vaultfleet.console.jobs;
