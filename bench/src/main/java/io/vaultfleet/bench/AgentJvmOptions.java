package io.vaultfleet.bench;

import io.vaultfleet.agent.jobs.BackupJobs;

/**
 * Prints, on one line, the JVM options the agent service starts its backup and restore processes with
 * ({@link BackupJobs#jvmOptions()}: heap, collector, native access, logging), so the benchmark runs the agent exactly
 * as the service does and cannot drift from it.
 */
public final class AgentJvmOptions {
    private AgentJvmOptions() {
    }

    public static void main(String[] args) {
        for (String option : BackupJobs.jvmOptions()) {
            if (option.contains(" ")) {
                throw new IllegalStateException("a JVM option with a space cannot go through the benchmark's shell: " + option);
            }
        }
        System.out.println(String.join(" ", BackupJobs.jvmOptions()));
    }
}
