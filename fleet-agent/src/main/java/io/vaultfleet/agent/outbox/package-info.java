/**
 * Reports that must reach the console exactly once ({@link io.vaultfleet.protocol.Reliable}): kept on disk in the
 * agent home until the console confirms them, so agent restarts, console restarts and network cuts lose nothing.
 */
package io.vaultfleet.agent.outbox;
