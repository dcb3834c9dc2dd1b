/**
 * This agent installation and the machine it runs on: its home folder ({@link io.vaultfleet.agent.host.AgentHome}),
 * host facts, its own version and the start-up phase log. The bottom of the agent's layers: it uses no other agent
 * package ({@code docs/agent-architecture.md}).
 */
package io.vaultfleet.agent.host;
