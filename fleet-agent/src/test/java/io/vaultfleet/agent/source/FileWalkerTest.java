package io.vaultfleet.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.repo.Snapshot;

/** The parallel metadata walk: what it reports, once each, whatever the number of threads. */
class FileWalkerTest {
    @TempDir
    Path dir;

    record Walked(Map<String, Snapshot.Node> nodes, List<SourceWarning> warnings) {
    }

    private Walked walk(FileSelection selection, int threads) {
        Map<String, Snapshot.Node> nodes = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        ConcurrentLinkedQueue<SourceWarning> warnings = new ConcurrentLinkedQueue<>();
        FileWalker.walk(selection, e -> {
            if (nodes.put(e.node().path(), e.node()) != null) {
                duplicates.incrementAndGet();
            }
        }, warnings::add, threads);
        assertThat(duplicates).as("each path reported once").hasValue(0);
        return new Walked(new TreeMap<>(nodes), List.copyOf(warnings));
    }

    private Path tree() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        for (int d = 0; d < 12; d++) {
            Path sub = Files.createDirectories(root.resolve("d" + d).resolve("inner"));
            for (int f = 0; f < 25; f++) {
                Files.writeString(sub.resolve("f" + f + (f % 5 == 0 ? ".log" : ".txt")), "file " + d + "/" + f);
            }
        }
        Files.createDirectories(root.resolve("cache/deep/deeper"));
        Files.writeString(root.resolve("cache/deep/deeper/skipped.txt"), "x");
        Files.createSymbolicLink(root.resolve("link-to-d0"), root.resolve("d0"));
        return root;
    }

    @Test
    void reportsEveryPathOnceWithItsMetadataWhateverTheThreads() throws Exception {
        Path root = tree();
        FileSelection selection = new FileSelection(List.of(root), List.of(), List.of());
        Walked one = walk(selection, 1);
        Walked four = walk(selection, 4);
        assertThat(four.nodes().keySet()).isEqualTo(one.nodes().keySet());
        // root + 12 × (d, inner, 25 files) + cache, deep, deeper, skipped.txt + the link
        assertThat(one.nodes()).hasSize(1 + 12 * 27 + 4 + 1);
        assertThat(one.warnings()).isEmpty();
        Snapshot.Node file = one.nodes().get(root.resolve("d3/inner/f7.txt").toString());
        assertThat(file.type()).isEqualTo(Snapshot.Type.FILE);
        assertThat(file.size()).isEqualTo("file 3/7".length());
        assertThat(file.inode()).isPositive();
        Snapshot.Node link = one.nodes().get(root.resolve("link-to-d0").toString());
        assertThat(link.type()).isEqualTo(Snapshot.Type.SYMLINK);
        assertThat(link.target()).isEqualTo(root.resolve("d0").toString());
        assertThat(one.nodes().keySet()).noneMatch(p -> p.startsWith(root.resolve("link-to-d0") + "/"));
    }

    @Test
    void excludedFoldersAreSkippedWholeAndIncludesKeepOnlyMatchingFiles() throws Exception {
        Path root = tree();
        Walked w = walk(new FileSelection(List.of(root), List.of("*.log"), List.of("cache", "f10.log")), 3);
        Set<String> paths = w.nodes().keySet();
        assertThat(paths).noneMatch(p -> p.contains("/cache"));
        assertThat(paths).noneMatch(p -> p.endsWith(".txt") || p.endsWith("f10.log"));
        assertThat(paths).contains(root.resolve("d5/inner/f15.log").toString(), root.resolve("d5/inner").toString());
        assertThat(paths.stream().filter(p -> p.endsWith(".log"))).hasSize(12 * 4);
    }

    @Test
    void aFileRootAMissingRootAndAShadowCopyRoot() throws Exception {
        Path root = tree();
        Path single = root.resolve("d1/inner/f2.txt");
        Path missing = dir.resolve("nowhere");
        Path recorded = dir.resolve("volume");
        FileSelection selection = new FileSelection(List.of(single, missing, recorded), List.of(), List.of())
                .readingFrom(Map.of(recorded, root.resolve("d2")));
        Walked w = walk(selection, 2);
        assertThat(w.warnings()).extracting(SourceWarning::path, SourceWarning::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(missing.toString(), "does not exist"));
        // read from the shadow copy, recorded under the volume's own path
        assertThat(w.nodes().keySet()).contains(single.toString(), recorded.toString(),
                recorded.resolve("inner/f24.txt").toString());
        assertThat(w.nodes().keySet()).noneMatch(p -> p.startsWith(root.resolve("d2").toString()));
    }

    @Test
    void aFailingConsumerStopsTheWalkAndItsFailureComesBack() throws Exception {
        Path root = tree();
        AtomicInteger seen = new AtomicInteger();
        assertThatThrownBy(() -> FileWalker.walk(new FileSelection(List.of(root), List.of(), List.of()), e -> {
            if (seen.incrementAndGet() == 40) {
                throw new IllegalStateException("consumer gave up");
            }
        }, w -> { }, 2)).isInstanceOf(IllegalStateException.class).hasMessage("consumer gave up");
        assertThat(seen.get()).isLessThan(1 + 12 * 27 + 5);
    }
}
