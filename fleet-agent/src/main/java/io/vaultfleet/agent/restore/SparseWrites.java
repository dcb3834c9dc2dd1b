package io.vaultfleet.agent.restore;

import java.io.IOException;
import java.nio.channels.FileChannel;

import io.vaultfleet.agent.platform.HeapChannelIo;

/**
 * Writes a chunk of a sparse file leaving out every file-system block that is all zeros, so holes stay holes (the
 * file was given its full length as a hole before). Blocks are 4 KiB at 4 KiB offsets of the file, the usual
 * allocation unit; a block the chunk only partly covers is written when its part holds anything but zeros.
 */
final class SparseWrites {
    static final int BLOCK = 4096;

    private SparseWrites() {
    }

    static void write(FileChannel ch, byte[] data, int length, long offset) throws IOException {
        int i = 0;
        int runStart = -1;
        while (i < length) {
            // the end of the block that holds file position offset + i
            int end = (int) Math.min(length, i + (BLOCK - Math.floorMod(offset + i, BLOCK)));
            boolean zeros = allZeros(data, i, end);
            if (!zeros && runStart < 0) {
                runStart = i;
            } else if (zeros && runStart >= 0) {
                put(ch, data, runStart, i, offset);
                runStart = -1;
            }
            i = end;
        }
        if (runStart >= 0) {
            put(ch, data, runStart, length, offset);
        }
    }

    private static boolean allZeros(byte[] data, int from, int to) {
        for (int k = from; k < to; k++) {
            if (data[k] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void put(FileChannel ch, byte[] data, int from, int to, long offset) throws IOException {
        HeapChannelIo.write(ch, data, from, to - from, offset + from);
    }
}
