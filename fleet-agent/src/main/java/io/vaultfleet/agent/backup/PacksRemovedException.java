package io.vaultfleet.agent.backup;

import java.io.IOException;
import java.util.List;

/**
 * The recovery point would name packs that are no longer stored: the console's retention clean-up removed them while
 * this backup ran (it deduplicated against them). No recovery point is written; the next backup sees the packs gone
 * and uploads that data again, so running it again gives a complete recovery point.
 */
public final class PacksRemovedException extends IOException {
    private final List<String> packIds;

    public PacksRemovedException(List<String> packIds) {
        super(packIds.size() + " pack(s) this recovery point needs were removed from storage while the backup ran "
                + "(retention clean-up by the console): " + String.join(", ",
                        packIds.stream().limit(5).map(id -> id.substring(0, Math.min(12, id.length()))).toList())
                + (packIds.size() > 5 ? ", …" : "") + ". No recovery point was written; run the backup again: it "
                + "uploads that data anew.");
        this.packIds = List.copyOf(packIds);
    }

    public List<String> packIds() {
        return packIds;
    }
}
