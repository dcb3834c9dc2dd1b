package io.vaultfleet.agent.backup;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.vaultfleet.agent.host.OldGenerationBound;
import io.vaultfleet.agent.repo.Chunker;

/**
 * At most {@code count} byte arrays of {@code size} bytes, created when first needed and reused: the buffers chunks
 * wait in between reading and sealing. Taking blocks while all are in use, which bounds the memory of that queue and
 * slows the readers down to the sealers' pace. The readers' chunkers borrow their large buffers from one too.
 */
final class BufferPool implements Chunker.LargeBuffers {
    private final BlockingQueue<byte[]> free;
    private final AtomicInteger created = new AtomicInteger();
    private final int count;
    private final int size;

    BufferPool(int count, int size) {
        if (count < 1 || size < 1) {
            throw new IllegalArgumentException("a pool needs at least one buffer of at least one byte");
        }
        this.free = new ArrayBlockingQueue<>(count);
        this.count = count;
        this.size = size;
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
        if (buffer.length != size || !free.offer(buffer)) {
            throw new IllegalStateException("not a buffer of this pool");
        }
    }
}
