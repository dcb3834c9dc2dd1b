/**
 * <b>Test hooks only.</b> What end-to-end tests switch on in a real agent process (the jar they start), by a
 * {@code vaultfleet.test.*} system property that production agents never set: today the movable schedule clock
 * ({@link io.vaultfleet.agent.testhooks.MovableClock}). It lives in the main code only because those tests drive the
 * packaged jar; nothing of the agent but the service's wiring ({@code service}) may use it, which
 * {@code AgentLayersTest} checks.
 */
package io.vaultfleet.agent.testhooks;
