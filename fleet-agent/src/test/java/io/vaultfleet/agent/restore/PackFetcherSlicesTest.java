package io.vaultfleet.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * How a restore cuts a pack's chunks into slices, each fetched into one thread's buffer (decision 036): a slice never
 * holds more than {@link PackFetcher#SLICE_BYTES} sealed bytes unless it is one larger chunk, so the buffer of a slice
 * and its slack stays at its starting size. Slices used to end only once past the limit: a 4 MiB slice and a 4 MiB
 * chunk made 8 MiB, read with up to twice that in gaps.
 */
class PackFetcherSlicesTest {
    private static final int MIB = 1 << 20;

    @Test
    void aSliceEndsBeforeTheChunkThatWouldTakeItPastItsBytes() {
        assertThat(slices(3 * MIB, 3 * MIB, 1 * MIB)).containsExactly(List.of(0), List.of(1, 2));
        assertThat(slices(MIB, MIB, MIB, MIB, MIB)).containsExactly(List.of(0, 1, 2, 3), List.of(4));
        for (List<Integer> slice : slices(900_000, 2 * MIB, 1_500_000, 4 * MIB + 28, 10, 3 * MIB, 3 * MIB)) {
            long bytes = slice.stream().mapToLong(i -> new int[] {900_000, 2 * MIB, 1_500_000, 4 * MIB + 28, 10,
                    3 * MIB, 3 * MIB}[i]).sum();
            assertThat(bytes <= PackFetcher.SLICE_BYTES || slice.size() == 1).as("slice %s", slice).isTrue();
        }
    }

    @Test
    void aChunkLargerThanASliceIsASliceOfItsOwn() {
        assertThat(slices(10, 8 * MIB, 10)).containsExactly(List.of(0), List.of(1), List.of(2));
    }

    @Test
    void manyTinyChunksAreCutAtTheChunkLimit() {
        int[] tiny = new int[PackFetcher.SLICE_CHUNKS + 88];
        Arrays.fill(tiny, 60);
        List<List<Integer>> slices = slices(tiny);
        assertThat(slices).hasSize(2);
        assertThat(slices.get(0)).hasSize(PackFetcher.SLICE_CHUNKS);
        assertThat(slices.get(1)).hasSize(88);
    }

    private static List<List<Integer>> slices(int... sealedLengths) {
        List<List<Integer>> slices = new ArrayList<>();
        int from = 0;
        while (from < sealedLengths.length) {
            int to = PackFetcher.sliceEnd(sealedLengths.length, from, i -> sealedLengths[i]);
            assertThat(to).isGreaterThan(from);
            List<Integer> slice = new ArrayList<>();
            for (int i = from; i < to; i++) {
                slice.add(i);
            }
            slices.add(slice);
            from = to;
        }
        return slices;
    }
}
