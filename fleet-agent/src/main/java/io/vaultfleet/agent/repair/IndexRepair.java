package io.vaultfleet.agent.repair;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.vaultfleet.agent.repo.IntegrityException;
import io.vaultfleet.agent.repo.PackEntry;
import io.vaultfleet.agent.repo.PackReader;
import io.vaultfleet.agent.repo.Quarantine;
import io.vaultfleet.agent.repo.Repository;

/**
 * {@code repair index}: makes the index describe exactly the packs that are stored and readable.
 * <ol>
 * <li>every stored pack's header is read; a pack whose header does not authenticate (truncated, garbled) is set
 * aside, so nothing reads or deduplicates against it any more (its chunks count as lost);</li>
 * <li>stored packs no readable index names are indexed from their headers, in one new index file;</li>
 * <li>only then, each index file that fails authentication is set aside: the new file plus the readable ones cover
 * every stored pack, so nothing it knew is lost.</li>
 * </ol>
 */
public final class IndexRepair {
    private IndexRepair() {
    }

    public static void run(Repository repo, RepairReport report) throws IOException {
        Repository.LoadedIndex loaded = repo.loadIndex();
        for (String packId : new TreeSet<>(repo.storedPacks().keySet())) {
            try {
                PackReader.readHeader(repo.store(), repo.crypto(), packId);
            } catch (IntegrityException e) {
                report.did(Quarantine.setAside(repo.store(), PackReader.blobName(packId), e.getMessage()) + ": "
                        + e.getMessage());
            }
        }
        List<String> unreadable = new ArrayList<>();
        Map<String, List<PackEntry>> adopted = repo.adoptUnindexedPacks(repo.loadIndex().index(), unreadable);
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
}
