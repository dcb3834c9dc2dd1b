package io.vaultfleet.console.vault;

import java.util.Set;

/** Getting Started &gt; Backup: where the workload runs and what to back up. */
public record BackupGoal(Workload workload, Set<Item> items) {
    public BackupGoal {
        items = items == null ? Set.of() : Set.copyOf(items);
    }

    /** "Where is your workload running?" */
    public enum Workload {
        ON_PREMISES("On-premises", null),
        AZURE("Azure", "Azure-native backup (VM snapshots, file shares) is not supported: install the agent in the "
                + "virtual machine and choose On-premises.");

        private final String label;
        private final String unsupportedReason;

        Workload(String label, String unsupportedReason) {
            this.label = label;
            this.unsupportedReason = unsupportedReason;
        }

        public String label() {
            return label;
        }

        public String unsupportedReason() {
            return unsupportedReason;
        }

        public boolean supported() {
            return unsupportedReason == null;
        }
    }

    /** "What do you want to back up?" The portal's on-premises list; only the agent's kinds are supported so far. */
    public enum Item {
        FILES_AND_FOLDERS("Files and folders", null),
        SYSTEM_STATE("System State", null),
        HYPER_V("Hyper-V Virtual Machines", "Needs a host-level backup server (MABS); the agent protects files and System State only."),
        VMWARE("VMware Virtual Machines", "Needs a host-level backup server (MABS); the agent protects files and System State only."),
        SQL_SERVER("Microsoft SQL Server", "Application-consistent database backup is not implemented yet."),
        SHAREPOINT("Microsoft SharePoint", "Application-consistent farm backup is not implemented yet."),
        EXCHANGE("Microsoft Exchange", "Application-consistent mailbox database backup is not implemented yet."),
        BARE_METAL_RECOVERY("Bare Metal Recovery", "Bare-metal restore media are not implemented yet; System State covers the OS configuration.");

        private final String label;
        private final String unsupportedReason;

        Item(String label, String unsupportedReason) {
            this.label = label;
            this.unsupportedReason = unsupportedReason;
        }

        public String label() {
            return label;
        }

        public String unsupportedReason() {
            return unsupportedReason;
        }

        public boolean supported() {
            return unsupportedReason == null;
        }
    }
}
