/**
 * Runs the console's backup policy locally: the policy kept in the agent's home (so it survives restarts and works
 * while the console is unreachable), a scheduler driven by a {@link java.time.Clock}, and the test-only movable clock.
 */
package io.vaultfleet.agent.schedule;
