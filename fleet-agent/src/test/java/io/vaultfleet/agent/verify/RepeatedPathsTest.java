package io.vaultfleet.agent.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vaultfleet.agent.repo.Snapshot;

/** A version 2 recovery point could hold one path twice (names turned into U+FFFD): verify names them. */
class RepeatedPathsTest {
    static Snapshot.Node file(String path) {
        return new Snapshot.Node(path, Snapshot.Type.FILE, 0644, 0, 0, "root", "root", 1, 1, 1, 1, 0, null, 0,
                List.of());
    }

    @Test
    void pathsHeldByMoreThanOneNodeAreReported() {
        assertThat(Verifier.repeatedPaths(List.of(file("/d/bad_\uFFFD\uFFFD_name"), file("/d/bad_\uFFFD\uFFFD_name"),
                file("/d/ok"), file("/d/x\uDCFF"), file("/d/x\uDCFF")))).containsExactly("/d/bad_\uFFFD\uFFFD_name",
                        "/d/x\\xff");
        assertThat(Verifier.repeatedPaths(List.of(file("/a"), file("/b")))).isEmpty();
    }
}
