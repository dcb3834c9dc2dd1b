package io.vaultfleet.agent.repair;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.BlobNotFoundException;
import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.TempFile;

/**
 * Temporary files of writes that never finished (a folder store's {@code <name>.tmp-<uuid>}). Only files older than
 * {@code minAge} are touched, so a write in progress (a running backup) is never hit. A temporary file that holds the
 * whole blob it was meant to become (its SHA-256 is the blob's name, the name is not stored) is a write the crash
 * interrupted only at the rename: it is completed, not removed. Every other one is a partial copy of a blob and is
 * removed; no stored blob refers to it.
 */
public final class TempFileRepair {
    private TempFileRepair() {
    }

    public static void run(BlobStore store, Duration minAge, Instant now, RepairReport report) throws IOException {
        int removed = 0;
        long removedBytes = 0;
        int young = 0;
        for (TempFile temp : store.listTemporary("")) {
            if (temp.lastModified().isAfter(now.minus(minAge))) {
                young++;
                continue;
            }
            if (completes(store, temp)) {
                report.did("completed the interrupted write of " + temp.target() + " from " + temp.name());
            } else {
                removedBytes += temp.size();
                removed++;
            }
            store.deleteTemporary(temp);
        }
        if (removed > 0) {
            report.did("removed " + removed + " temporary file(s) of unfinished writes (" + removedBytes + " bytes)");
        }
        if (young > 0) {
            report.did("left " + young + " temporary file(s) younger than " + minAge + " alone: a write may be in "
                    + "progress");
        }
    }

    /** Stores the temporary file's bytes under its target when they are exactly that blob; returns whether it did. */
    private static boolean completes(BlobStore store, TempFile temp) throws IOException {
        String target = temp.target();
        String last = target.substring(target.lastIndexOf('/') + 1);
        boolean contentAddressed = !target.equals(Repository.CONFIG) && last.matches("[0-9a-f]{64}");
        if (!contentAddressed || exists(store, target)) {
            return false;
        }
        byte[] bytes = store.getTemporary(temp);
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!digest.equals(last)) {
            return false;
        }
        store.put(target, bytes);
        return true;
    }

    private static boolean exists(BlobStore store, String name) throws IOException {
        try {
            store.size(name);
            return true;
        } catch (BlobNotFoundException e) {
            return false;
        }
    }
}
