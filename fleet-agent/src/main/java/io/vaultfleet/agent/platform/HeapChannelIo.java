package io.vaultfleet.agent.platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads and writes between a {@link FileChannel} and a byte array in slices of {@value #SLICE} bytes. The JDK copies a
 * heap buffer through a direct buffer of the request's size, which each thread keeps (malloc'd, outside the heap and
 * its cap): a restore writing 4 MiB chunks on three threads and reading its 6 MiB ranges kept a direct buffer of each
 * size per thread, and glibc's arena, fed buffers of every size in between, held 41 MiB of them at the peak
 * (issue 17, decision 036). With slices, what a thread keeps is one buffer of this size.
 */
public final class HeapChannelIo {
    public static final int SLICE = 256 * 1024;

    private HeapChannelIo() {
    }

    /** Writes {@code length} bytes of {@code data} from {@code offset} at the channel's position. */
    public static void write(FileChannel channel, byte[] data, int offset, int length) throws IOException {
        for (int done = 0; done < length; ) {
            ByteBuffer slice = ByteBuffer.wrap(data, offset + done, Math.min(SLICE, length - done));
            while (slice.hasRemaining()) {
                done += channel.write(slice);
            }
        }
    }

    /** Writes {@code length} bytes of {@code data} from {@code offset} at {@code position} in the file. */
    public static void write(FileChannel channel, byte[] data, int offset, int length, long position)
            throws IOException {
        for (int done = 0; done < length; ) {
            ByteBuffer slice = ByteBuffer.wrap(data, offset + done, Math.min(SLICE, length - done));
            while (slice.hasRemaining()) {
                done += channel.write(slice, position + done);
            }
        }
    }

    /**
     * Reads up to {@code length} bytes at {@code position} into {@code out} from {@code offset}, stopping only at the
     * end of the file; returns how many were read.
     */
    public static int read(FileChannel channel, long position, byte[] out, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = channel.read(ByteBuffer.wrap(out, offset + done, Math.min(SLICE, length - done)), position + done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }
}
