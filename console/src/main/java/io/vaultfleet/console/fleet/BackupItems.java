package io.vaultfleet.console.fleet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Which backup items apply to which servers, so views offer only what can succeed: System State is a Windows Server
 * item (wbadmin), System configuration a Linux one ({@code /etc}, packages, systemd units); Files and folders apply
 * everywhere. Offering System State to a Linux server only produced a failed job and a Critical alert.
 */
public final class BackupItems {
    public static final String FILES_AND_FOLDERS = "FILES_AND_FOLDERS";
    public static final String SYSTEM_STATE = "SYSTEM_STATE";
    public static final String SYSTEM_CONFIGURATION = "SYSTEM_CONFIGURATION";

    private BackupItems() {
    }

    /** Whether the server reported a Windows operating system (its agent sends the JVM's os.name). */
    public static boolean windows(RegisteredServer server) {
        return server.osName() != null && server.osName().toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** The items one server can back up, in the order the portal lists them. */
    public static List<String> of(RegisteredServer server) {
        return windows(server) ? List.of(FILES_AND_FOLDERS, SYSTEM_STATE) : List.of(FILES_AND_FOLDERS, SYSTEM_CONFIGURATION);
    }

    /**
     * The items every one of {@code servers} can back up (so one choice suits them all); every item when there are
     * none to judge by.
     */
    public static List<String> common(Collection<RegisteredServer> servers) {
        if (servers.isEmpty()) {
            return List.of(FILES_AND_FOLDERS, SYSTEM_STATE, SYSTEM_CONFIGURATION);
        }
        List<String> common = new ArrayList<>(List.of(FILES_AND_FOLDERS, SYSTEM_STATE, SYSTEM_CONFIGURATION));
        servers.forEach(s -> common.retainAll(of(s)));
        return List.copyOf(common);
    }

    /** The item to pre-select among {@code offered}: System State where it applies (the portal's default), else files. */
    public static String preselected(List<String> offered) {
        return offered.contains(SYSTEM_STATE) ? SYSTEM_STATE : FILES_AND_FOLDERS;
    }
}
