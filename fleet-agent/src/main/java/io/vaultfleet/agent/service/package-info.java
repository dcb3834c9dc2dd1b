/**
 * The long-running agent service ({@code fleet-agent run}): the console channel, the scheduler, the backup jobs and
 * the upgrader wired together, and the status file it keeps for {@code fleet-agent status}. Top layer, next to
 * {@code cli}, which builds and runs it.
 */
package io.vaultfleet.agent.service;
