package io.vaultfleet.agent.repo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.vaultfleet.agent.store.BlobInfo;
import io.vaultfleet.agent.store.BlobStore;

/**
 * What a location holds before a repository is opened: whether anything of a repository is there (so {@code init}
 * refuses it and a missing config is damage for {@code repair}, never a new start), and its usable key files.
 */
public final class RepositoryLocation {
    private RepositoryLocation() {
    }

    /**
     * What a location holds of a repository besides {@code config} ("2 key file(s), 14 pack(s)"), empty when nothing:
     * {@code init} refuses such a location, and a missing config there is damage for {@code repair}, not a new start.
     */
    public static String contents(BlobStore store) throws IOException {
        List<String> parts = new ArrayList<>();
        String[][] kinds = {{Repository.KEYS, "key file(s)"}, {Repository.PACKS, "pack(s)"},
            {Repository.INDEX, "index file(s)"}, {Repository.SNAPSHOTS, "recovery point(s)"}};
        for (String[] kind : kinds) {
            int n = store.list(kind[0]).size();
            if (n > 0) {
                parts.add(n + " " + kind[1]);
            }
        }
        return String.join(", ", parts);
    }

    /** The error for a location without {@code config}: points to repair when anything of a repository is there. */
    public static IOException missingConfig(BlobStore store) throws IOException {
        String held = contents(store);
        if (held.isEmpty()) {
            return new IOException("no repository at " + store.describe() + " (the location is empty; "
                    + "'fleet-agent init' creates one)");
        }
        return new IntegrityException("the config of the repository at " + store.describe() + " is missing, but "
                + "the location holds " + held + ". Run 'fleet-agent repair config' (or 'fleet-agent repair') "
                + "with the repository's passphrase to recreate it");
    }

    /** Key files, without those {@code repair} set aside. */
    public static List<BlobInfo> keyFiles(BlobStore store) throws IOException {
        Set<String> quarantined = Quarantine.names(store);
        return store.list(Repository.KEYS).stream().filter(b -> !quarantined.contains(b.name())).toList();
    }
}
