/**
 * All Windows-only code of the agent (JNA, wbadmin, sfc, vssadmin, DPAPI). None of it can run on the build machine:
 * every class here is only tested with recorded outputs of the real tools, recorded registry values or a mock at the
 * JNA seam, and its Javadoc says so. The seams are {@link io.vaultfleet.agent.platform.windows.RegistryReader},
 * {@link io.vaultfleet.agent.platform.CommandRunner} and {@link io.vaultfleet.agent.platform.windows.Dpapi}.
 */
package io.vaultfleet.agent.platform.windows;
