/**
 * The agent's own identity after registration: which console and vault it belongs to, its server id, and its
 * Ed25519 key pair, kept in the agent home readable only by the agent's account.
 */
package io.vaultfleet.agent.identity;
