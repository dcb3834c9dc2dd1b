package io.vaultfleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a file a restore cannot bring back in full is never left under its own name looking complete; the
 * restore exits non-zero (partial) and names it.
 */
class IncompleteRestoreCommandTest {
    @TempDir
    Path dir;

    @Test
    void aMissingPackLeavesTheFileUnderAMarkedNameAndExitsPartial() throws Exception {
        Path passphrase = Files.writeString(dir.resolve("pass"), "a passphrase for this test");
        String repo = "folder:" + dir.resolve("repo");
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("small.txt"), "kept");
        assertThat(CliRunner.run("init", "--repo", repo, "--passphrase-file", passphrase.toString(), "--kdf-memory",
                "1024", "--kdf-iterations", "1").exitCode()).isZero();
        assertThat(CliRunner.run("backup", "--repo", repo, "--passphrase-file", passphrase.toString(), "--home",
                dir.resolve("home").toString(), src.toString()).exitCode()).isZero();
        Files.write(src.resolve("big.bin"), io.vaultfleet.agent.SampleTree.random(3 << 20, 9));
        Files.createLink(src.resolve("big-link"), src.resolve("big.bin"));
        assertThat(CliRunner.run("backup", "--repo", repo, "--passphrase-file", passphrase.toString(), "--home",
                dir.resolve("home").toString(), src.toString()).exitCode()).isZero();
        // the second backup's pack (the biggest) holds only big.bin's chunks
        Path biggest;
        try (Stream<Path> files = Files.walk(dir.resolve("repo/packs"))) {
            biggest = files.filter(Files::isRegularFile).max((a, b) -> Long.compare(a.toFile().length(),
                    b.toFile().length())).orElseThrow();
        }
        Files.delete(biggest);

        Path out = dir.resolve("out");
        CliRunner restore = CliRunner.run("restore", "--repo", repo, "--passphrase-file", passphrase.toString(),
                "latest", "--target", out.toString());
        assertThat(restore.exitCode()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(restore.out()).contains("could not be restored in full").contains("big.bin")
                .contains(".vaultfleet-incomplete");
        Path restored = out.resolve(src.toString().substring(1));
        assertThat(restored.resolve("big.bin")).doesNotExist();
        assertThat(restored.resolve("big.bin.vaultfleet-incomplete")).isRegularFile();
        // its hard link is marked too, and still a link to it
        assertThat(restored.resolve("big-link")).doesNotExist();
        assertThat(Files.isSameFile(restored.resolve("big-link.vaultfleet-incomplete"),
                restored.resolve("big.bin.vaultfleet-incomplete"))).isTrue();
        assertThat(restore.out()).contains("big-link");
        assertThat(restored.resolve("small.txt")).hasContent("kept");
    }
}
