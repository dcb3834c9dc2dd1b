/**
 * Jobs the console asks for (Back Up Now): each runs as a child {@code fleet-agent backup --json} process, so a
 * failing backup never takes the service down and its memory is its own; its JSON progress lines are relayed to
 * the console and its end is reported reliably.
 */
package io.vaultfleet.agent.jobs;
