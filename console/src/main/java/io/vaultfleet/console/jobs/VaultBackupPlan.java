package io.vaultfleet.console.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vaultfleet.console.fleet.BackupItems;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.ui.Formats;

/**
 * What a vault-wide Back Up Now runs on each of the vault's registered servers, so the dialog offers only the items
 * some server can back up and says per server what will run. An item runs on a server when its operating system has
 * it (System State on Windows, System configuration on Linux) and, when the server has a policy, when that policy
 * protects it (as MARS's Back Up Now backs up what the schedule protects). Files and folders back up the paths typed
 * in the dialog, or, when none are typed, the folders each server's policy protects.
 *
 * @param servers the vault's registered servers (unregistered ones left out), in the servers list's order
 */
public record VaultBackupPlan(List<Server> servers) {
    private static final List<String> ORDER = List.of(BackupItems.FILES_AND_FOLDERS, BackupItems.SYSTEM_STATE,
            BackupItems.SYSTEM_CONFIGURATION);

    public VaultBackupPlan {
        servers = List.copyOf(servers);
    }

    /**
     * One server of the vault.
     *
     * @param policyName     its policy, or null without one
     * @param policyItems    the items its policy protects (empty without a policy)
     * @param policyFolders  the files and folders its policy protects (empty when it protects none)
     */
    public record Server(RegisteredServer server, String policyName, List<String> policyItems,
                         List<String> policyFolders) {
        public Server {
            policyItems = policyItems == null ? List.of() : List.copyOf(policyItems);
            policyFolders = policyFolders == null ? List.of() : List.copyOf(policyFolders);
        }

        /** The items this server can back up now: by its operating system and, with a policy, what that protects. */
        public List<String> items() {
            return BackupItems.of(server).stream().filter(i -> policyName == null || policyItems.contains(i)).toList();
        }

        /** Why {@code item} does not run on this server, in plain words, or null when it runs. */
        public String whyNot(String item, List<String> typedPaths) {
            String label = Formats.itemLabel(item);
            if (!BackupItems.of(server).contains(item)) {
                return label + " is for " + (BackupItems.SYSTEM_STATE.equals(item) ? "Windows" : "Linux") + " servers";
            }
            if (policyName != null && !policyItems.contains(item)) {
                return "its policy " + policyName + " does not protect " + label;
            }
            if (BackupItems.FILES_AND_FOLDERS.equals(item) && typedPaths.isEmpty() && policyFolders.isEmpty()) {
                return "it has no policy naming folders: type the files and folders to back up";
            }
            return null;
        }

        /** The paths this server backs up for {@code item}: the typed ones, else its policy's folders. */
        public List<String> paths(String item, List<String> typedPaths) {
            if (!BackupItems.FILES_AND_FOLDERS.equals(item)) {
                return List.of();
            }
            return typedPaths.isEmpty() ? policyFolders : typedPaths;
        }

        /** One line saying what will run on this server, as the dialog lists it. */
        public String describe(String item, List<String> typedPaths) {
            String who = server.name() + " (" + (BackupItems.windows(server) ? "Windows" : "Linux")
                    + (policyName == null ? "" : ", policy " + policyName) + ")";
            String why = whyNot(item, typedPaths);
            if (why != null) {
                return who + ": not backed up: " + why + ".";
            }
            if (!BackupItems.FILES_AND_FOLDERS.equals(item)) {
                return who + ": " + Formats.itemLabel(item) + ".";
            }
            return who + ": Files and folders: " + (typedPaths.isEmpty()
                    ? "its policy's " + String.join(", ", policyFolders) : "the paths typed above") + ".";
        }
    }

    /** The items at least one server can back up, in the portal's order (empty without servers). */
    public List<String> offered() {
        return ORDER.stream().filter(i -> servers.stream().anyMatch(s -> s.items().contains(i))).toList();
    }

    /** The item to pre-select: Files and folders where offered (as the single-server dialog does), else the first. */
    public String preselected() {
        List<String> offered = offered();
        return offered.isEmpty() ? null
                : offered.contains(BackupItems.FILES_AND_FOLDERS) ? BackupItems.FILES_AND_FOLDERS : offered.getFirst();
    }

    /** The servers {@code item} runs on, with the paths each backs up, in order. */
    public Map<UUID, List<String>> runs(String item, List<String> typedPaths) {
        Map<UUID, List<String>> runs = new LinkedHashMap<>();
        for (Server s : servers) {
            if (s.whyNot(item, typedPaths) == null) {
                runs.put(s.server().id(), s.paths(item, typedPaths));
            }
        }
        return runs;
    }
}
