package io.vaultfleet.agent.repo;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;

/**
 * One zstd frame compressed from blocks handed in one after another, so a large plaintext (a recovery point's nodes)
 * never has to exist whole: only the compressed frame grows. The plaintext's length is pledged up front so the frame
 * records its content size, as {@code Zstd.compress} does (readers size their buffer from it; docs/format.md §8).
 */
final class ZstdBlocks implements AutoCloseable {
    private final ZstdCompressCtx ctx = new ZstdCompressCtx();
    private final ByteBuffer out = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
    private final long pledged;
    private long written;

    ZstdBlocks(int level, long plaintextLength) {
        ctx.setLevel(level);
        ctx.setContentSize(true);
        ctx.setPledgedSrcSize(plaintextLength);
        this.pledged = plaintextLength;
    }

    void write(byte[] b, int off, int len) {
        written += len;
        if (written > pledged) {
            throw new IllegalStateException("more plaintext than pledged (" + written + " > " + pledged + ")");
        }
        ByteBuffer in = ByteBuffer.wrap(b, off, len); // zstd-jni takes (dst, src, directive)
        while (in.hasRemaining()) {
            ctx.compressByteBufferStream(out, in, EndDirective.CONTINUE);
            drain();
        }
    }

    /** Ends the frame; fails when fewer bytes came than pledged (the two encoding passes disagreed). */
    byte[] finish() {
        if (written != pledged) {
            throw new IllegalStateException("plaintext shorter than pledged (" + written + " < " + pledged + ")");
        }
        ByteBuffer empty = ByteBuffer.allocate(0);
        boolean done;
        do {
            done = ctx.compressByteBufferStream(out, empty, EndDirective.END);
            drain();
        } while (!done);
        return frame.toByteArray();
    }

    private void drain() {
        out.flip();
        frame.write(out.array(), out.arrayOffset() + out.position(), out.remaining());
        out.clear();
    }

    @Override
    public void close() {
        ctx.close();
    }
}
