package io.vaultfleet.agent.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this agent build, as stamped by Maven. */
public final class AgentVersion {
    private static final String VERSION = load();

    private AgentVersion() {
    }

    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = AgentVersion.class.getResourceAsStream("/io/vaultfleet/agent/agent-version.properties")) {
            if (in == null) {
                return "0.0.0-dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "0.0.0-dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
