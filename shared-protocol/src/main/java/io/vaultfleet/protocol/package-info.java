/**
 * What the console and the agent share on the wire: the JSON envelope {@code {v, type, id, replyTo, payload}},
 * the closed set of protocol messages, and the codec that turns frames into messages with specific errors.
 * The protocol is specified in {@code docs/protocol.md}.
 */
package io.vaultfleet.protocol;
