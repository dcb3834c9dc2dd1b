package io.vaultfleet.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vaultfleet.agent.repo.ChunkId;

class ChunkIdSetTest {

    @Test
    void behavesAsAHashSetThroughGrowthRemovalsAndCollidingRuns() {
        Random random = new Random(11);
        ChunkIdSet set = new ChunkIdSet();
        Set<ChunkId> reference = new HashSet<>();
        List<ChunkId> known = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            ChunkId id;
            if (!known.isEmpty() && random.nextInt(3) == 0) {
                id = known.get(random.nextInt(known.size())); // one seen before: present or removed
            } else if (random.nextInt(4) == 0) {
                // the same first long (the same home slot; 0xFFFFFFFF's is the last one at any size), different rest:
                // long runs, one wrapping past the table's end
                long first = random.nextInt(3) == 0 ? 0xFFFF_FFFFL : 42L;
                id = new ChunkId(first, random.nextLong(), random.nextLong(), step);
                known.add(id);
            } else {
                id = new ChunkId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
                known.add(id);
            }
            // grow to ~30,000 then drain: every add, remove and lookup agrees with the reference
            boolean adding = step < 120_000 ? random.nextInt(10) < 7 : random.nextInt(10) < 2;
            if (adding) {
                assertThat(set.add(id)).isEqualTo(reference.add(id));
            } else {
                assertThat(set.remove(id)).isEqualTo(reference.remove(id));
            }
            assertThat(set.size()).isEqualTo(reference.size());
        }
        for (ChunkId id : known) {
            assertThat(set.contains(id)).isEqualTo(reference.contains(id));
        }
        for (ChunkId id : reference) {
            assertThat(set.remove(id)).isTrue();
        }
        assertThat(set.size()).isZero();
        assertThat(known).noneMatch(set::contains);
    }
}
