/**
 * Restore of a recovery point, whole or selected paths, to the original place or another folder, with
 * permissions, owners and times. Every chunk is authenticated; a damaged or missing pack makes exactly the files
 * that need it fail (named in the result) while the rest restores.
 */
package io.vaultfleet.agent.restore;
