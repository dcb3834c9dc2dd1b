/**
 * Backup policies: named, reusable schedules with GFS retention and network throttling per vault, assigned to
 * servers, pushed to their agents and checked for drift; the Schedule Backup wizard; the pure GFS retention rule
 * ({@link io.vaultfleet.console.policy.GfsRetention}) that the clean-up calls.
 */
package io.vaultfleet.console.policy;
