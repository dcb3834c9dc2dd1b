package io.vaultfleet.agent.host;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** What the agent tells the console about the machine it runs on. */
public record HostInfo(String hostName, String osName, String osVersion) {
    public static HostInfo current() {
        return new HostInfo(localHostName(), System.getProperty("os.name"), System.getProperty("os.version"));
    }

    public HostInfo withHostName(String name) {
        return new HostInfo(name, osName, osVersion);
    }

    private static String localHostName() {
        String fromEnv = System.getenv("COMPUTERNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String hostname = System.getenv("HOSTNAME");
            return hostname == null || hostname.isBlank() ? "unknown-host" : hostname;
        }
    }
}
