/**
 * Self-upgrade when the console pushes a new agent version: download, verify (hash, console signature, content),
 * stage next to the installed jar, restart through the launcher, confirm once connected, roll back when the new
 * version does not start or connect. The launcher ({@code packaging/linux/agent-loop.sh},
 * {@code packaging/windows/agent-loop.ps1}) swaps the files while no JVM holds them.
 */
package io.vaultfleet.agent.upgrade;
