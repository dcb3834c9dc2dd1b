/**
 * <b>Test hooks only</b>, in test code: what end-to-end tests switch on in a real agent process by a
 * {@code vaultfleet.test.*} system property, today the movable schedule clock ({@link
 * io.vaultfleet.agent.testhooks.MovableClock}). The build packs this package into
 * {@code fleet-agent-VERSION-testhooks.jar} (never into the agent's jar); the e2e tests add it to an agent process
 * with {@code -javaagent}, and the agent finds the clock through {@link io.vaultfleet.agent.schedule.ScheduleClocks}.
 */
package io.vaultfleet.agent.testhooks;
