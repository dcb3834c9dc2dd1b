package io.vaultfleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.restore.Restorer;

/** {@code browse} pages, and {@code restore --on-conflict … --no-permissions}, as typed on a server. */
class BrowseAndConflictCommandTest {
    @TempDir
    Path dir;

    Path passphrase;
    String repo;
    Path src;

    @BeforeEach
    void backUp() throws Exception {
        passphrase = Files.writeString(dir.resolve("pass"), "a passphrase for this test");
        repo = "folder:" + dir.resolve("repo");
        src = Files.createDirectories(dir.resolve("src"));
        for (String name : new String[] {"alpha.txt", "Beta.txt", "gamma.log", "delta.txt"}) {
            Files.writeString(src.resolve(name), name);
        }
        Files.setPosixFilePermissions(src.resolve("alpha.txt"), PosixFilePermissions.fromString("rw-------"));
        assertThat(CliRunner.run("init", "--repo", repo, "--passphrase-file", passphrase.toString(), "--kdf-memory",
                "1024", "--kdf-iterations", "1").exitCode()).isZero();
        assertThat(CliRunner.run("backup", "--repo", repo, "--passphrase-file", passphrase.toString(), "--home",
                dir.resolve("home").toString(), src.toString()).exitCode()).isZero();
    }

    private CliRunner cli(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = args[0];
        all[1] = "--repo";
        all[2] = repo;
        all[3] = "--passphrase-file=" + passphrase;
        System.arraycopy(args, 1, all, 4, args.length - 1);
        return CliRunner.run(all);
    }

    @Test
    void browsePagesWithACursorAndFiltersByName() {
        CliRunner roots = cli("browse", "latest");
        assertThat(roots.exitCode()).isZero();
        assertThat(roots.out()).contains("folder").contains(src.toString());

        CliRunner first = cli("browse", "latest", src.toString(), "--limit", "2");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains(src + "/Beta.txt").contains(src + "/alpha.txt").doesNotContain("delta")
                .contains("more: --cursor ");
        String cursor = first.out().substring(first.out().indexOf("--cursor ") + 9).strip();
        CliRunner second = cli("browse", "latest", src.toString(), "--limit", "2", "--cursor", cursor);
        assertThat(second.out()).contains(src + "/delta.txt").contains(src + "/gamma.log").doesNotContain("more:");

        assertThat(cli("browse", "latest", src.toString(), "--name", "TXT").out()).contains("alpha.txt")
                .contains("Beta.txt").contains("delta.txt").doesNotContain("gamma");
        CliRunner missing = cli("browse", "latest", src + "/nope");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("is not in recovery point");
        assertThat(cli("browse", "latest", "--limit", "0").err()).contains("--limit must be 1 to 2000");
    }

    @Test
    void restoreOnConflictAndWithoutPermissions() throws Exception {
        Path out = dir.resolve("out");
        Path alpha = Restorer.destination(src.resolve("alpha.txt").toString(), out);
        Files.createDirectories(alpha.getParent());
        Files.writeString(alpha, "mine");

        CliRunner skip = cli("restore", "latest", "--target", out.toString(), "--on-conflict", "skip");
        assertThat(skip.exitCode()).as(skip.err()).isZero();
        assertThat(alpha).hasContent("mine");
        assertThat(skip.out()).contains("skipped: " + src.resolve("alpha.txt") + ": already exists");

        CliRunner copies = cli("restore", "latest", "--target", out.toString(), "--on-conflict", "create-copies",
                "--no-permissions");
        assertThat(copies.exitCode()).as(copies.err()).isZero();
        Path copy = alpha.resolveSibling("alpha (restored 1).txt");
        assertThat(copy).hasContent("alpha.txt");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isNotEqualTo("rw-------");

        CliRunner overwrite = cli("restore", "latest", "--target", out.toString(), "--on-conflict", "overwrite");
        assertThat(overwrite.exitCode()).isZero();
        assertThat(alpha).hasContent("alpha.txt");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(alpha))).isEqualTo("rw-------");

        CliRunner bad = cli("restore", "latest", "--target", out.toString(), "--on-conflict", "replace");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("--on-conflict must be create-copies, overwrite or skip, not 'replace'");
    }
}
