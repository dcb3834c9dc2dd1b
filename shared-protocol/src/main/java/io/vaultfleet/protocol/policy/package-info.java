/**
 * The backup policy as an agent runs it: what to back up, when (daily at up to three times, or weekly on chosen
 * days), and how fast (work-hour and non-work-hour bandwidth). The console and the agent use these same types, so a
 * schedule's next run and a policy's hash are computed identically on both sides.
 */
package io.vaultfleet.protocol.policy;
