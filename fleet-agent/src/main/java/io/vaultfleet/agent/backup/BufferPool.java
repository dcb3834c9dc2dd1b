package io.vaultfleet.agent.backup;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vaultfleet.agent.host.OldGenerationBound;
import io.vaultfleet.agent.repo.Chunker;

/**
 * At most {@code count} byte arrays of {@code size} bytes, created when first needed and reused: the buffers chunks
 * wait in between reading and sealing. Taking blocks while all are in use, which bounds the memory of that queue and
 * slows the readers down to the sealers' pace. The readers' chunkers borrow their large buffers from one too.
 *
 * <p>A pool made with a budget for small chunks ({@link #take(int)}) copies a chunk of at most {@link #SMALL} bytes
 * (a small file, a file's last chunk) into an array of its own length instead, while the bytes of such arrays in
 * use stay within that budget. Before, every chunk took a buffer of the largest chunk size: a backup of tiny files
 * kept four 4 MiB buffers (16 MiB of old generation, resident to the end) to carry chunks of a few bytes, four at a
 * time (decision 038). The small arrays die young.
 */
final class BufferPool implements Chunker.LargeBuffers {
    /** The largest chunk copied into an array of its own length (where the pool has a small-chunk budget). */
    static final int SMALL = 64 * 1024;

    private final BlockingQueue<byte[]> free;
    private final AtomicInteger created = new AtomicInteger();
    private final int count;
    private final int size;
    /** Bytes of small arrays that may be in use at once; null: every chunk takes a pooled buffer. */
    private final Semaphore smallBytes;
    private final AtomicLong smallInUse = new AtomicLong();

    BufferPool(int count, int size) {
        this(count, size, 0);
    }

    /**
     * {@code smallBudget} bytes of small chunks may be held at once beside the pooled buffers (0: none, every
     * {@link #take(int)} takes a pooled buffer).
     */
    BufferPool(int count, int size, int smallBudget) {
        if (count < 1 || size < 1 || smallBudget < 0) {
            throw new IllegalArgumentException("a pool needs at least one buffer of at least one byte");
        }
        this.free = new ArrayBlockingQueue<>(count);
        this.count = count;
        this.size = size;
        // fair: a reader waiting for a 64 KiB chunk's bytes is served before later, smaller requests, not starved
        this.smallBytes = smallBudget > 0 && SMALL < size ? new Semaphore(Math.max(smallBudget, SMALL), true) : null;
    }

    /**
     * A buffer for a chunk of {@code length} bytes: an array of exactly that length if the chunk is small and the pool
     * has a small-chunk budget (waiting while that budget is used up), else a pooled one of {@code size} bytes.
     */
    byte[] take(int length) throws InterruptedException {
        if (smallBytes != null && length <= SMALL) {
            int permits = Math.max(1, length);
            smallBytes.acquire(permits);
            smallInUse.addAndGet(permits);
            return new byte[length];
        }
        if (length > size) {
            throw new IllegalArgumentException("a chunk of " + length + " bytes does not fit a buffer of " + size);
        }
        return take();
    }

    @Override
    public byte[] take() throws InterruptedException {
        byte[] b = free.poll();
        if (b != null) {
            return b;
        }
        if (created.getAndUpdate(n -> n < count ? n + 1 : n) < count) {
            OldGenerationBound.expect(size); // kept to the end of the run: not garbage to collect (decision 033)
            return new byte[size];
        }
        return free.take();
    }

    @Override
    public void release(byte[] buffer) {
        if (smallBytes != null && buffer.length <= SMALL) {
            int permits = Math.max(1, buffer.length);
            if (smallInUse.addAndGet(-permits) < 0) {
                smallInUse.addAndGet(permits);
                throw new IllegalStateException("not a buffer of this pool");
            }
            smallBytes.release(permits);
            return;
        }
        if (buffer.length != size || !free.offer(buffer)) {
            throw new IllegalStateException("not a buffer of this pool");
        }
    }
}
