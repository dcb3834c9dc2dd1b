/**
 * The backup agent: a command-line program and a long-running service. This package holds only the entry point
 * ({@link io.vaultfleet.agent.AgentMain}); the layers below it ({@code cli} and {@code service}, the agent's parts,
 * the data work, the platform implementations, storage, settings, foundation) are drawn in
 * {@code docs/agent-architecture.md} and checked by {@code AgentLayersTest}.
 */
package io.vaultfleet.agent;
