package io.vaultfleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfTestCommandTest {
    @TempDir
    Path dir;

    @Test
    void backsUpChangesRestoresAndVerifiesInAScratchFolderItThenRemoves() {
        Path work = dir.resolve("scratch");
        CliRunner r = CliRunner.run("self-test", "--work", work.toString(), "--size", "3", "--small-files", "60");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("first backup", "unchanged backup", "backup after changes", "restore", "compare",
                "verify --read-data", "self-test passed");
        assertThat(work).doesNotExist();
    }

    @Test
    void aRelativeScratchFolderWorksToo() {
        // relative to the working directory, as an admin types it (it failed in the restore step before)
        Path work = Path.of("").toAbsolutePath().relativize(dir.resolve("relative").toAbsolutePath());
        assertThat(work.isAbsolute()).isFalse();
        CliRunner r = CliRunner.run("self-test", "--work", work.toString(), "--size", "2", "--small-files", "20");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("self-test passed");
        assertThat(dir.resolve("relative")).doesNotExist();
    }

    @Test
    void refusesAScratchFolderThatHoldsFiles() throws Exception {
        Path work = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(work.resolve("keep.txt"), "mine");
        CliRunner r = CliRunner.run("self-test", "--work", work.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("is not empty");
        assertThat(work.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void comparisonNamesWhatDiffers() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("same.txt"), "x");
        Files.writeString(b.resolve("same.txt"), "x");
        Files.writeString(a.resolve("changed.txt"), "x");
        Files.writeString(b.resolve("changed.txt"), "y");
        Files.writeString(a.resolve("missing.txt"), "x");
        assertThat(SelfTestCommand.compare(a, b)).containsExactlyInAnyOrder("changed.txt", "missing.txt");
    }
}
