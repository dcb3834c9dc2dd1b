package io.vaultfleet.agent.repo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * Content-defined chunking, FastCDC style: a gear rolling hash, normalized chunking (a stricter mask before the
 * average size, a looser one after), and hard minimum and maximum sizes. The gear table comes from the repository's
 * seed (in {@code config}), so boundaries differ between repositories. Not thread-safe: one per reading thread, the
 * buffer is reused from file to file.
 */
public final class Chunker {
    /** One chunk: a view into the chunker's buffer, valid until the next call to {@link #next()}. */
    public record Chunk(byte[] buffer, int offset, int length) {
    }

    /**
     * Where a chunker borrows its large buffer ({@link #largeBufferSize}) while it chunks a file longer than its small
     * one holds: shared by a backup's readers, so only as many large buffers exist as files are chunked at once
     * (decision 033).
     */
    public interface LargeBuffers {
        byte[] take() throws InterruptedException;

        void release(byte[] buffer);
    }

    private static final int READ_SLICE = 1024 * 1024;
    private static final int FIRST_SIZE = 64 * 1024;
    private final long[] gear;
    private final int min;
    private final int avg;
    private final int max;
    private final long maskStrict;
    private final long maskLoose;
    private final LargeBuffers large;
    /** The buffer every file starts in (borrowing chunkers only): 64 KiB, enough for a small file whole. */
    private final byte[] first;
    /** The 1 MiB buffer a file that outgrows {@link #first} continues in: made when first needed, then kept. */
    private byte[] small;
    private final int smallSize;
    private byte[] buf;
    private InputStream in;
    private int start;
    private int end;
    private boolean eof;

    /** A chunker with a buffer of its own ({@link #largeBufferSize}, allocated now). */
    public Chunker(ChunkerParams params) {
        this(params, null);
    }

    /**
     * A chunker with small buffers of its own that borrows a large one from {@code large} only while a file does not
     * fit them, and gives it back at the next {@link #reset} or {@link #close}. A file starts in a 64 KiB buffer and
     * moves to a 1 MiB one (made the first time a file needs it) when it does not fit: a backup of small files keeps
     * 64 KiB per reader, not 1 MiB of old generation each (decision 039). The chunks are the same as with a buffer
     * of its own: a cut is only looked for once the maximum chunk size is buffered or the file has ended, whichever
     * buffer holds it.
     */
    public Chunker(ChunkerParams params, LargeBuffers large) {
        this.gear = gearTable(params.gearSeed());
        this.min = params.minSize();
        this.avg = params.avgSize();
        this.max = params.maxSize();
        int bits = Integer.numberOfTrailingZeros(Integer.highestOneBit(avg));
        // top bits of the hash depend on the most recent 64 bytes: test those
        this.maskStrict = -1L << (64 - (bits + 2));
        this.maskLoose = -1L << (64 - (bits - 2));
        this.large = large;
        this.smallSize = Math.min(READ_SLICE, max);
        this.first = large == null ? null : new byte[Math.min(FIRST_SIZE, smallSize)];
        this.buf = large == null ? new byte[largeBufferSize(params)] : first;
    }

    /** The size of a chunker's large buffer: two maximum chunks (one being cut, the next read ahead). */
    public static int largeBufferSize(ChunkerParams params) {
        return params.maxSize() * 2;
    }

    /** SplitMix64 from the seed: 256 pseudo-random 64-bit values. */
    static long[] gearTable(long seed) {
        long[] table = new long[256];
        long x = seed;
        for (int i = 0; i < 256; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            table[i] = z ^ (z >>> 31);
        }
        return table;
    }

    /** Starts chunking a new stream. */
    public void reset(InputStream stream) {
        giveBackLarge();
        this.in = stream;
        this.start = 0;
        this.end = 0;
        this.eof = false;
    }

    /** The next chunk, or null at the end of the stream. */
    public Chunk next() throws IOException {
        if (end - start < max && !eof) {
            fill();
        }
        int available = end - start;
        if (available == 0) {
            return null;
        }
        int length = cut(buf, start, available);
        Chunk chunk = new Chunk(buf, start, length);
        start += length;
        return chunk;
    }

    /** Gives a borrowed large buffer back (the last chunk handed out is no longer valid). */
    public void close() {
        giveBackLarge();
    }

    private void giveBackLarge() {
        if (large != null && buf != first) {
            if (buf != small) {
                large.release(buf);
            }
            buf = first;
            start = 0;
            end = 0;
        }
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        while (true) {
            while (end < buf.length) {
                // at most 1 MiB per read: the JDK stages reads through a per-thread direct buffer of the request's size
                int n = in.read(buf, end, Math.min(READ_SLICE, buf.length - end));
                if (n < 0) {
                    eof = true;
                    return;
                }
                end += n;
            }
            if (buf != first && buf != small || end - start >= max) {
                return;
            }
            // the file goes on past this buffer (start is 0 here): carry on in the 1 MiB one, or past that in a
            // large one, borrowed until the file is done
            byte[] next;
            if (buf == first && smallSize > first.length) {
                if (small == null) {
                    small = new byte[smallSize];
                }
                next = small;
            } else {
                try {
                    next = large.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for a chunking buffer");
                }
            }
            System.arraycopy(buf, 0, next, 0, end);
            buf = next;
        }
    }

    /** Length of the chunk starting at {@code offset} with {@code n} bytes available. */
    int cut(byte[] data, int offset, int n) {
        if (n <= min) {
            return n;
        }
        int limit = Math.min(n, max);
        int normal = Math.min(limit, avg);
        long fp = 0;
        int i = min;
        for (; i < normal; i++) {
            fp = (fp << 1) + gear[data[offset + i] & 0xff];
            if ((fp & maskStrict) == 0) {
                return i + 1;
            }
        }
        for (; i < limit; i++) {
            fp = (fp << 1) + gear[data[offset + i] & 0xff];
            if ((fp & maskLoose) == 0) {
                return i + 1;
            }
        }
        return limit;
    }
}
