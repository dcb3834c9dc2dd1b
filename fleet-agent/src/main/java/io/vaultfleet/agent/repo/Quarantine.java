package io.vaultfleet.agent.repo;

import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.vaultfleet.agent.store.BlobInfo;
import io.vaultfleet.agent.store.BlobNotFoundException;
import io.vaultfleet.agent.store.BlobStore;

/**
 * Setting a damaged blob aside without losing a byte (docs/format.md §1, docs/decisions/020-repair.md). Where the
 * agent may delete (a folder repository), the blob is copied to {@code quarantine/<name>} and then removed from its
 * place: a move, so its bytes stay for whoever wants to look at them. Where it may not (an Azure SAS grants no
 * delete, by design), a small JSON marker is written to {@code quarantine/<name>} and the blob stays; readers treat a
 * name with a quarantine entry as absent either way.
 */
public final class Quarantine {
    private Quarantine() {
    }

    /** Names (like {@code index/ab…}) that have a quarantine entry. */
    public static Set<String> names(BlobStore store) throws IOException {
        Set<String> result = new HashSet<>();
        for (BlobInfo b : store.list(Repository.QUARANTINE)) {
            result.add(b.name().substring(Repository.QUARANTINE.length()));
        }
        return result;
    }

    /**
     * Sets {@code name} aside; returns what was done, for the repair report. The copy is written and read back before
     * the original is removed, so a failure part-way leaves the original in place.
     */
    public static String setAside(BlobStore store, String name, String reason) throws IOException {
        String target = Repository.QUARANTINE + name;
        if (store.agentMayDelete()) {
            byte[] bytes = store.get(name);
            store.put(target, bytes);
            if (store.size(target) != bytes.length) {
                throw new IOException("quarantine copy of " + name + " did not store whole; the original is kept");
            }
            store.delete(name);
            return "moved " + name + " to " + target + " (" + bytes.length + " bytes kept)";
        }
        byte[] marker = Json.MAPPER.writeValueAsBytes(Map.of("name", name, "reason", reason,
                "time", Instant.now().toString()));
        store.put(target, marker);
        return "marked " + name + " as set aside (" + target + "); the blob stays in place because this storage "
                + "grant cannot delete; readers ignore it from now on";
    }

    /** Whether the marker or moved copy of {@code name} is stored. */
    public static boolean contains(BlobStore store, String name) throws IOException {
        try {
            store.size(Repository.QUARANTINE + name);
            return true;
        } catch (BlobNotFoundException e) {
            return false;
        }
    }
}
