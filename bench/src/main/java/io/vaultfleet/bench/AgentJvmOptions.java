package io.vaultfleet.bench;

import java.util.ArrayList;
import java.util.List;

import io.vaultfleet.agent.jobs.BackupJobs;

/**
 * Prints, on one line, the JVM options the agent service starts its backup and restore processes with
 * ({@link BackupJobs#thisAgent()}: heap, collector, native access, logging), so the benchmark runs the agent exactly as
 * the service does and cannot drift from it.
 */
public final class AgentJvmOptions {
    private AgentJvmOptions() {
    }

    public static void main(String[] args) {
        System.out.println(String.join(" ", options(BackupJobs.thisAgent())));
    }

    /** What lies between the java binary and {@code -jar} or {@code -cp}. */
    static List<String> options(List<String> command) {
        List<String> options = new ArrayList<>();
        for (String part : command.subList(1, command.size())) {
            if (part.equals("-jar") || part.equals("-cp")) {
                return options;
            }
            if (part.contains(" ")) {
                throw new IllegalStateException("a JVM option with a space cannot go through the benchmark's shell: " + part);
            }
            options.add(part);
        }
        throw new IllegalStateException("no -jar or -cp in the agent's command: " + command);
    }
}
