package io.vaultfleet.agent.host;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the agent keeps its configuration, identity and state. Chosen by {@code --home}, else the
 * {@code VAULTFLEET_AGENT_HOME} environment variable, else the platform default: {@code %ProgramData%\VaultFleet\Agent}
 * on Windows, {@code /var/lib/vaultfleet-agent} for root elsewhere, {@code ~/.vaultfleet-agent} for other users.
 */
public record AgentHome(Path root) {
    public static AgentHome resolve(Path explicit) {
        if (explicit != null) {
            return new AgentHome(explicit.toAbsolutePath());
        }
        String env = System.getenv("VAULTFLEET_AGENT_HOME");
        if (env != null && !env.isBlank()) {
            return new AgentHome(Path.of(env).toAbsolutePath());
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String programData = System.getenv().getOrDefault("ProgramData", "C:\\ProgramData");
            return new AgentHome(Path.of(programData, "VaultFleet", "Agent"));
        }
        if ("root".equals(System.getProperty("user.name"))) {
            return new AgentHome(Path.of("/var/lib/vaultfleet-agent"));
        }
        return new AgentHome(Path.of(System.getProperty("user.home"), ".vaultfleet-agent"));
    }

    /** The status the running agent writes and {@code status} reads. */
    public Path statusFile() {
        return root.resolve("status.json");
    }
}
