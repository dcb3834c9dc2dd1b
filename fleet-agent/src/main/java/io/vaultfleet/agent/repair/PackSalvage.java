package io.vaultfleet.agent.repair;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.vaultfleet.agent.repo.ChunkSealer;
import io.vaultfleet.agent.repo.Index;
import io.vaultfleet.agent.repo.IntegrityException;
import io.vaultfleet.agent.repo.PackEntry;
import io.vaultfleet.agent.repo.PackReader;
import io.vaultfleet.agent.repo.PackWriter;
import io.vaultfleet.agent.repo.Quarantine;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.BlobNotFoundException;

/**
 * A damaged pack's readable chunks are kept, not thrown away with it: every chunk whose location is known (from the
 * pack's header, or from the index when the header is what is damaged) and that authenticates is copied into a new
 * pack; then the damaged pack is set aside. Only the chunks that fail are lost.
 */
final class PackSalvage {
    private final Repository repo;
    private final ChunkSealer sealer;

    PackSalvage(Repository repo) {
        this.repo = repo;
        this.sealer = repo.newSealer();
    }

    /** The entries the index knows for {@code packId} (used when the pack's own header is damaged). */
    static List<PackEntry> fromIndex(Index index, String packId) {
        List<PackEntry> entries = new ArrayList<>();
        // one pass over the index per damaged pack (few), rather than every pack's chunk list at once
        index.forEachChunk((c, loc) -> {
            if (loc.packId().equals(packId)) {
                entries.add(new PackEntry(c, loc.flags(), loc.offset(), loc.sealedLength(), loc.plainLength()));
            }
        });
        entries.sort((a, b) -> Integer.compareUnsigned(a.offset(), b.offset()));
        return entries;
    }

    /** The entries whose chunk does not authenticate in {@code pack} (empty: the pack's chunks are all intact). */
    List<PackEntry> failing(byte[] pack, List<PackEntry> entries) {
        List<PackEntry> bad = new ArrayList<>();
        for (PackEntry e : entries) {
            if (!readable(pack, e)) {
                bad.add(e);
            }
        }
        return bad;
    }

    private boolean readable(byte[] pack, PackEntry e) {
        long end = (e.offset() & 0xffffffffL) + e.sealedLength();
        if (e.offset() < 0 || end > pack.length) {
            return false;
        }
        try {
            sealer.openReusing(e.id(), e.flags(), e.plainLength(), pack, e.offset(), e.sealedLength());
            return true;
        } catch (IntegrityException ex) {
            return false;
        }
    }

    /**
     * Copies the chunks of {@code entries} that authenticate into a new pack (stored, not yet indexed: the index step
     * adopts it from its header), sets the damaged pack aside and reports both.
     */
    void salvage(String packId, List<PackEntry> entries, String why, RepairReport report) throws IOException {
        byte[] pack;
        try {
            pack = repo.store().get(PackReader.blobName(packId));
        } catch (BlobNotFoundException e) {
            return;
        }
        PackWriter writer = new PackWriter(repo.crypto(), Math.max(1024, pack.length));
        int lost = 0;
        for (PackEntry e : entries) {
            if (readable(pack, e)) {
                byte[] sealed = Arrays.copyOfRange(pack, e.offset(), e.offset() + e.sealedLength());
                writer.add(new ChunkSealer.SealedChunk(e.id(), e.flags(), e.plainLength(), sealed, sealed.length));
            } else {
                lost++;
            }
        }
        String saved = "";
        if (writer.count() > 0) {
            PackWriter.FinishedPack copy = writer.finish();
            repo.store().put(copy.blobName(), copy.bytes(), 0, copy.length());
            saved = "; the " + writer.count() + " chunk(s) that authenticate were copied to pack "
                    + copy.id().substring(0, 12);
        }
        report.did("pack " + packId.substring(0, 12) + ": " + why + "; " + lost + " of " + entries.size()
                + " known chunk(s) lost" + saved);
        report.did(Quarantine.setAside(repo.store(), PackReader.blobName(packId), why));
    }
}
