/**
 * How an enrolled agent proves who it is: its Ed25519 key pair ({@link AgentKeys}) and the signed header it sends
 * with every connection ({@link ConnectProof}). Specified in {@code docs/protocol.md}, section "Agent identity".
 */
package io.vaultfleet.protocol.identity;
