/** The agent's command-line interface: one class per command. */
package io.vaultfleet.agent.cli;
