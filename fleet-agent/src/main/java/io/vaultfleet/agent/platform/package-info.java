/**
 * What the agent needs from the operating system, behind small interfaces: running a tool
 * ({@link io.vaultfleet.agent.platform.CommandRunner}), prechecks ({@link io.vaultfleet.agent.platform.Prechecks}),
 * administrator rights ({@link io.vaultfleet.agent.platform.Elevation}), protecting secrets at rest
 * ({@link io.vaultfleet.agent.platform.SecretProtection}) and producing the System State folder
 * ({@link io.vaultfleet.agent.platform.SystemStateSource}). The Windows implementations live in
 * {@code platform.windows} and {@code platform.current} picks one per OS; this package holds the interfaces and the
 * Linux/other implementations, and imports none of the Windows ones (checked by {@code AgentLayersTest}).
 */
package io.vaultfleet.agent.platform;
