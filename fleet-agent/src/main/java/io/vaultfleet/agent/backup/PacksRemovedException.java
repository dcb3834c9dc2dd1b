package io.vaultfleet.agent.backup;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The recovery point would name packs that are no longer stored. Two causes, told apart because they call for
 * different people: packs an earlier backup wrote that are gone (the console's retention clean-up removed them while
 * this backup ran, having deduplicated against them; or storage lost them), and packs <em>this</em> run uploaded,
 * which storage acknowledged and then did not keep: storage lost acknowledged writes, a storage fault. No recovery
 * point is written either way; the next backup sees the packs gone and uploads that data again.
 */
public final class PacksRemovedException extends IOException {
    private final List<String> packIds;
    private final List<String> lostWrites;

    public PacksRemovedException(List<String> packIds) {
        this(packIds, Set.of());
    }

    /** {@code uploadedThisRun}: every pack this backup stored (and storage acknowledged). */
    public PacksRemovedException(List<String> packIds, Collection<String> uploadedThisRun) {
        super(message(packIds, uploadedThisRun));
        this.packIds = List.copyOf(packIds);
        this.lostWrites = packIds.stream().filter(uploadedThisRun::contains).toList();
    }

    private static String message(List<String> packIds, Collection<String> uploadedThisRun) {
        List<String> lost = packIds.stream().filter(uploadedThisRun::contains).toList();
        List<String> earlier = packIds.stream().filter(p -> !uploadedThisRun.contains(p)).toList();
        StringBuilder m = new StringBuilder();
        if (!lost.isEmpty()) {
            m.append("storage lost acknowledged writes: ").append(lost.size()).append(" pack(s) this backup uploaded, ")
                    .append("and storage confirmed as stored, are no longer there: ").append(ids(lost))
                    .append(". This is a fault of the storage (a restarted service that does not keep data, a failed ")
                    .append("disk), not retention clean-up: check it before trusting it with backups. ");
        }
        if (!earlier.isEmpty()) {
            m.append(earlier.size()).append(" pack(s) this recovery point needs were removed from storage while the ")
                    .append("backup ran (retention clean-up by the console, or lost by storage): ")
                    .append(ids(earlier)).append(". ");
        }
        return m.append("No recovery point was written; run the backup again: it uploads that data anew.").toString();
    }

    private static String ids(List<String> ids) {
        return String.join(", ", ids.stream().limit(5).map(id -> id.substring(0, Math.min(12, id.length()))).toList())
                + (ids.size() > 5 ? ", …" : "");
    }

    public List<String> packIds() {
        return packIds;
    }

    /** The packs this run uploaded that storage did not keep (empty when every gone pack was older). */
    public List<String> lostWrites() {
        return lostWrites;
    }
}
