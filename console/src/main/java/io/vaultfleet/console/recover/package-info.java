/**
 * Recover Data: the console side of a restore (MARS's Recover Data wizard). Sessions with a target agent (which
 * restores) over a source server's backups of the same vault, the passphrase relayed sealed (the console never holds
 * it), folder pages browsed through the agent, restores run as jobs, and single files streamed from the agent to the
 * browser without being stored.
 */
package io.vaultfleet.console.recover;
