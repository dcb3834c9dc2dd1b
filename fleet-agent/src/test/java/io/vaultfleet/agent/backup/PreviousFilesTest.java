package io.vaultfleet.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vaultfleet.agent.repo.ChunkId;
import io.vaultfleet.agent.repo.Snapshot;

/**
 * The previous point's files by path, on disk (decision 022; read and written a kilobyte of slots at a time since
 * decision 036): every file added is found with its size, times, inode and chunks across the table's growths (it
 * starts at 4,096 slots), a path never added is not, a repeated path keeps its last node, and names that differ only
 * in lone surrogates or case are different files.
 */
class PreviousFilesTest {
    @Test
    void findsEveryFileAcrossTheTablesGrowthsAndNothingElse() throws Exception {
        int n = 40_000; // the table grows four times (4,096 slots at a load of 3/4 holds 3,072)
        try (PreviousFiles files = new PreviousFiles()) {
            for (int i = 0; i < n; i++) {
                files.add(node("/data/d" + (i % 97) + "/f" + i, i, chunks(i % 4, i)));
            }
            files.finish();
            assertThat(files.size()).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                Snapshot.Node found = files.find("/data/d" + (i % 97) + "/f" + i);
                assertThat(found).as("file %d", i).isNotNull();
                assertThat(found.size()).isEqualTo(1000L + i);
                assertThat(found.mtime()).isEqualTo(2000L + i);
                assertThat(found.ctime()).isEqualTo(3000L + i);
                assertThat(found.inode()).isEqualTo(4000L + i);
                assertThat(found.chunks()).isEqualTo(chunks(i % 4, i));
            }
            assertThat(files.find("/data/d1/f" + n)).isNull();
            assertThat(files.find("/data/d0/f1")).as("f1 is in d1").isNull();
        }
    }

    @Test
    void aRepeatedPathKeepsItsLastNodeAndOddNamesStayApart() throws Exception {
        try (PreviousFiles files = new PreviousFiles()) {
            files.add(node("/a/same", 1, chunks(1, 1)));
            files.add(node("/a/same", 2, chunks(2, 2)));
            files.add(node("/a/x\uD800y", 3, chunks(1, 3)));
            files.add(node("/a/x\uDC00y", 4, chunks(1, 4)));
            files.add(node("/a/Case", 5, List.of()));
            files.add(node("/a/case", 6, List.of()));
            files.finish();
            assertThat(files.find("/a/same").inode()).isEqualTo(4002L);
            assertThat(files.find("/a/same").chunks()).isEqualTo(chunks(2, 2));
            assertThat(files.find("/a/x\uD800y").inode()).isEqualTo(4003L);
            assertThat(files.find("/a/x\uDC00y").inode()).isEqualTo(4004L);
            assertThat(files.find("/a/Case").inode()).isEqualTo(4005L);
            assertThat(files.find("/a/case").inode()).isEqualTo(4006L);
            assertThat(files.find("/a/case").chunks()).isEmpty();
        }
    }

    private static Snapshot.Node node(String path, long i, List<ChunkId> chunks) {
        return new Snapshot.Node(path, Snapshot.Type.FILE, 0644, 0, 0, null, null, 2000L + i, 0, 3000L + i, 4000L + i,
                1000L + i, null, chunks, null);
    }

    private static List<ChunkId> chunks(int count, long seed) {
        return java.util.stream.LongStream.range(0, count).mapToObj(k -> new ChunkId(seed, k, ~seed, 17)).toList();
    }
}
