package io.vaultfleet.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.source.FileSelection;
import io.vaultfleet.agent.source.SourceEntry;
import io.vaultfleet.agent.source.SourceWarning;

class WalkAheadTest {
    @TempDir
    Path dir;

    @Test
    void entriesAndWarningsArriveInWalkOrderAfterTheWalkRanAhead() throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/one.txt"), "1");
        Files.writeString(dir.resolve("a/two.txt"), "2");
        Path missing = dir.resolve("missing");
        WalkAhead walk = WalkAhead.start(new FileSelection(List.of(missing, dir.resolve("a")), List.of(), List.of()));
        List<String> seen = new ArrayList<>();
        walk.drainTo(new WalkAhead.Consumer() {
            @Override
            public void entry(SourceEntry entry) {
                seen.add(dir.relativize(entry.path()).toString());
            }

            @Override
            public void warning(SourceWarning warning) {
                seen.add("warning " + dir.relativize(Path.of(warning.path())) + ": " + warning.message());
            }
        });
        assertThat(seen.get(0)).isEqualTo("warning missing: does not exist");
        assertThat(seen.subList(1, seen.size())).containsExactlyInAnyOrder("a", "a/b", "a/b/one.txt", "a/two.txt");
        assertThat(seen.indexOf("a/b")).isLessThan(seen.indexOf("a/b/one.txt"));
    }
}
