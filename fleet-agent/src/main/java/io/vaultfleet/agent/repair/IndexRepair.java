package io.vaultfleet.agent.repair;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.IntegrityException;
import io.vaultfleet.agent.repo.PackEntry;
import io.vaultfleet.agent.repo.PackReader;
import io.vaultfleet.agent.repo.Quarantine;
import io.vaultfleet.agent.repo.Repository;

/**
 * {@code repair index}: makes the index describe exactly the packs that are stored and readable.
 * <ol>
 * <li>every stored pack's header is read (with {@code readData}, every chunk too); a pack whose header does not
 * authenticate (truncated, garbled) or that holds a chunk that does not, is salvaged ({@link PackSalvage}: its
 * readable chunks copied to a new pack) and set aside, so nothing reads or deduplicates against it any more;</li>
 * <li>stored packs no readable index names are indexed from their headers, in one new index file;</li>
 * <li>only then, each index file that fails authentication is set aside: the new file plus the readable ones cover
 * every stored pack, so nothing it knew is lost.</li>
 * </ol>
 */
public final class IndexRepair {
    private IndexRepair() {
    }

    public static void run(Repository repo, RepairReport report) throws IOException {
        run(repo, false, report);
    }

    /** With {@code readData}, every chunk of every pack is also authenticated (as {@code verify --read-data}). */
    public static void run(Repository repo, boolean readData, RepairReport report) throws IOException {
        Repository.LoadedIndex loaded;
        try (Repository.LoadedIndex first = repo.loadIndex()) {
            loaded = first;
            salvagePacks(repo, first.index(), readData, report);
        }
        List<String> unreadable = new ArrayList<>();
        Map<String, List<PackEntry>> adopted;
        try (Repository.LoadedIndex now = repo.loadIndex()) {
            adopted = repo.adoptUnindexedPacks(now.index(), unreadable);
        }
        for (String problem : unreadable) {
            // only a pack removed between two listings gets here (unreadable headers were set aside above)
            report.unresolved(problem);
        }
        if (!adopted.isEmpty()) {
            String name = repo.writeIndex(adopted);
            long chunks = adopted.values().stream().mapToLong(List::size).sum();
            report.did("wrote " + name + " indexing " + adopted.size() + " pack(s) (" + chunks
                    + " chunk(s)) that no readable index named, from their headers");
        }
        for (String name : loaded.damagedIndexNames()) {
            report.did(Quarantine.setAside(repo.store(), name, "fails authentication") + ": it failed authentication "
                    + "and every stored pack is now indexed without it");
        }
    }

    private static void salvagePacks(Repository repo, Index index, boolean readData, RepairReport report)
            throws IOException {
        PackSalvage salvage = new PackSalvage(repo);
        for (String packId : new TreeSet<>(repo.storedPacks().keySet())) {
            List<PackEntry> entries;
            try {
                entries = PackReader.readHeader(repo.store(), repo.crypto(), packId);
            } catch (IntegrityException e) {
                salvage.salvage(packId, PackSalvage.fromIndex(index, packId), e.getMessage(), report);
                continue;
            }
            if (readData) {
                byte[] pack = repo.store().get(PackReader.blobName(packId));
                List<PackEntry> bad = salvage.failing(pack, entries);
                if (!bad.isEmpty()) {
                    salvage.salvage(packId, entries, bad.size() + " of " + entries.size()
                            + " chunk(s) fail authentication", report);
                }
            }
        }
    }
}
