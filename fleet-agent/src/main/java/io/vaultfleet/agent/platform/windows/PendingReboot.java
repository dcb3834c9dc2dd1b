package io.vaultfleet.agent.platform.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The usual registry signals that Windows waits for a reboot, each named in the result: Component Based Servicing
 * {@code RebootPending}, Windows Update {@code RebootRequired}, Session Manager {@code PendingFileRenameOperations},
 * and a pending computer rename (ActiveComputerName differs from ComputerName). A System State backup taken in that
 * state may not restore to a consistent system. Only tested with recorded outputs (recorded registry values).
 */
public final class PendingReboot {
    static final String CBS = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending";
    static final String WINDOWS_UPDATE = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired";
    static final String SESSION_MANAGER = "SYSTEM\\CurrentControlSet\\Control\\Session Manager";
    static final String ACTIVE_NAME = "SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ActiveComputerName";
    static final String PENDING_NAME = "SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName";

    private PendingReboot() {
    }

    /** Why a reboot is pending; empty when none is. */
    public static List<String> reasons(RegistryReader registry) {
        List<String> reasons = new ArrayList<>();
        if (registry.keyExists(CBS)) {
            reasons.add("Component Based Servicing: RebootPending (an update or feature change waits for a restart)");
        }
        if (registry.keyExists(WINDOWS_UPDATE)) {
            reasons.add("Windows Update: RebootRequired");
        }
        List<String> renames = registry.multiString(SESSION_MANAGER, "PendingFileRenameOperations").orElse(List.of())
                .stream().filter(s -> !s.isBlank()).toList();
        if (!renames.isEmpty()) {
            reasons.add("Session Manager: PendingFileRenameOperations (" + renames.size() + " path(s) to rename or delete at next boot)");
        }
        Optional<String> active = registry.string(ACTIVE_NAME, "ComputerName");
        Optional<String> pending = registry.string(PENDING_NAME, "ComputerName");
        if (active.isPresent() && pending.isPresent() && !active.get().equalsIgnoreCase(pending.get())) {
            reasons.add("Computer rename: " + active.get() + " becomes " + pending.get() + " at next boot");
        }
        return reasons;
    }
}
