/**
 * The agent's side of the console channel: a WebSocket client that says hello, sends heartbeats, notices a dead
 * connection and reconnects with capped exponential backoff and jitter.
 */
package io.vaultfleet.agent.channel;
