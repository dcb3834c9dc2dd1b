package io.vaultfleet.agent.backup;

import java.util.concurrent.atomic.AtomicLong;

/** Counters shared by the pipeline threads, and the progress event built from them. */
public final class BackupProgress {
    final AtomicLong bytesDone = new AtomicLong();
    final AtomicLong filesDone = new AtomicLong();
    final AtomicLong bytesTotal = new AtomicLong();
    final AtomicLong filesTotal = new AtomicLong();
    final AtomicLong newBytes = new AtomicLong();
    final AtomicLong reusedBytes = new AtomicLong();
    final AtomicLong warnings = new AtomicLong();
    volatile boolean totalsKnown;
    volatile String phase = "starting";
    volatile Packer packer;
    private final long startNanos = System.nanoTime();

    public ProgressEvent event() {
        long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        long done = bytesDone.get();
        long rate = elapsedMillis > 0 ? done * 1000 / elapsedMillis : 0;
        long total = bytesTotal.get();
        long eta = totalsKnown && rate > 0 ? Math.max(0, (total - done) / rate) : -1;
        Packer p = packer;
        return new ProgressEvent("progress", phase, done, total, filesDone.get(), filesTotal.get(), totalsKnown, rate,
                eta, newBytes.get(), p == null ? 0 : p.packsUploaded(), warnings.get(), elapsedMillis);
    }
}
