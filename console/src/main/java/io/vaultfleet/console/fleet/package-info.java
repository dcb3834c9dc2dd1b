/**
 * The fleet: registered servers, the agents' WebSocket channel (handshake, envelope, heartbeats), who is online,
 * and the Registered servers view that follows it live.
 */
package io.vaultfleet.console.fleet;
