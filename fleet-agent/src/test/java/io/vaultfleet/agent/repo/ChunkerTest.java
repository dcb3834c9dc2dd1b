package io.vaultfleet.agent.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ChunkerTest {
    static final ChunkerParams PARAMS = ChunkerParams.withSeed(42);

    static List<byte[]> chunks(byte[] data) throws IOException {
        Chunker chunker = new Chunker(PARAMS);
        chunker.reset(new ByteArrayInputStream(data));
        List<byte[]> out = new ArrayList<>();
        Chunker.Chunk c;
        while ((c = chunker.next()) != null) {
            out.add(java.util.Arrays.copyOfRange(c.buffer(), c.offset(), c.offset() + c.length()));
        }
        return out;
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void chunksStayWithinBoundsAndAverageAboutOneMebibyte() throws IOException {
        byte[] data = random(48 * 1024 * 1024, 1);
        List<byte[]> chunks = chunks(data);
        for (int i = 0; i < chunks.size() - 1; i++) {
            assertThat(chunks.get(i).length).isBetween(PARAMS.minSize() + 1, PARAMS.maxSize());
        }
        double avg = (double) data.length / chunks.size();
        assertThat(avg).isBetween(0.6 * 1024 * 1024, 1.6 * 1024 * 1024);
        ByteArrayOutputStreamLike joined = new ByteArrayOutputStreamLike();
        chunks.forEach(joined::add);
        assertThat(joined.bytes()).isEqualTo(data);
    }

    @Test
    void anInsertionChangesOnlyTheChunksAroundIt() throws IOException {
        byte[] data = random(24 * 1024 * 1024, 2);
        byte[] shifted = new byte[data.length + 100];
        System.arraycopy(data, 0, shifted, 0, 5_000_000);
        System.arraycopy(data, 5_000_000, shifted, 5_000_100, data.length - 5_000_000);
        List<String> before = chunks(data).stream().map(ChunkerTest::hash).toList();
        List<String> after = chunks(shifted).stream().map(ChunkerTest::hash).toList();
        long shared = after.stream().filter(before::contains).count();
        assertThat(shared).isGreaterThanOrEqualTo(before.size() - 3);
    }

    @Test
    void smallInputIsOneChunkAndEmptyInputNone() throws IOException {
        assertThat(chunks(new byte[100])).hasSize(1);
        assertThat(chunks(new byte[0])).isEmpty();
    }

    @Test
    void theSeedChangesBoundaries() throws IOException {
        byte[] data = random(8 * 1024 * 1024, 3);
        Chunker other = new Chunker(ChunkerParams.withSeed(43));
        other.reset(new ByteArrayInputStream(data));
        assertThat(other.next().length()).isNotEqualTo(chunks(data).get(0).length);
    }

    @Test
    void aChunkerBorrowingItsLargeBufferCutsTheSameChunksAndGivesTheBufferBack() throws IOException {
        java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger given = new java.util.concurrent.atomic.AtomicInteger();
        Chunker.LargeBuffers pool = new Chunker.LargeBuffers() {
            @Override
            public byte[] take() {
                taken.incrementAndGet();
                return new byte[Chunker.largeBufferSize(PARAMS)];
            }

            @Override
            public void release(byte[] buffer) {
                assertThat(buffer).hasSize(Chunker.largeBufferSize(PARAMS));
                given.incrementAndGet();
            }
        };
        Chunker borrowing = new Chunker(PARAMS, pool);
        // a small file fits the chunker's own 64 KiB buffer, a larger one its own 1 MiB buffer (the 64 KiB boundary
        // both ways, and after a large file); the larger ones borrow, and give back at the next file
        for (int size : new int[] {100, 65_536, 65_537, 300_000, 1024 * 1024, 1024 * 1024 + 1, 20 * 1024 * 1024,
                5_000, 65_535, 9 * 1024 * 1024, 70_000}) {
            byte[] data = random(size, size);
            borrowing.reset(new ByteArrayInputStream(data));
            List<String> got = new ArrayList<>();
            Chunker.Chunk c;
            while ((c = borrowing.next()) != null) {
                got.add(hash(java.util.Arrays.copyOfRange(c.buffer(), c.offset(), c.offset() + c.length())));
            }
            assertThat(got).isEqualTo(chunks(data).stream().map(ChunkerTest::hash).toList());
        }
        // every file of 1 MiB or more (a file of exactly 1 MiB too: its end is only seen by a further read)
        assertThat(taken.get()).isEqualTo(4);
        assertThat(given.get()).isEqualTo(4); // the last file (70,000 bytes) was in the chunker's own 1 MiB buffer
        borrowing.close();
        assertThat(given.get()).isEqualTo(4);
    }

    static String hash(byte[] b) {
        return Integer.toHexString(java.util.Arrays.hashCode(b)) + ":" + b.length;
    }

    static final class ByteArrayOutputStreamLike {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        void add(byte[] b) {
            out.writeBytes(b);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
