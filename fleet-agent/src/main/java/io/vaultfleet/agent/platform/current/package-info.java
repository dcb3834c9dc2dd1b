/**
 * Picks, for the OS this JVM runs on, the implementation of each platform seam ({@code platform}'s interfaces): the
 * Windows ones in {@code platform.windows} or the Linux/other ones in {@code platform}.
 */
package io.vaultfleet.agent.platform.current;
