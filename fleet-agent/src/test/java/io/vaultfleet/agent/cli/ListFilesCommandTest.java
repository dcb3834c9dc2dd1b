package io.vaultfleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.platform.FileNames;

/** {@code list --files}: a recovery point's entries, names that are not UTF-8 shown escaped, each on its own. */
class ListFilesCommandTest {
    @TempDir
    Path dir;

    @Test
    void namesThatDifferOnlyInInvalidBytesAreListedApartAndEscaped() throws Exception {
        Path passphrase = Files.writeString(dir.resolve("pass"), "a passphrase for this test");
        String repo = "folder:" + dir.resolve("repo");
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve(FileNames.path("bad_\uDCFF\uDCFE_name")), "one");
        Files.writeString(src.resolve(FileNames.path("bad_\uDCFE\uDCFF_name")), "two");
        Files.createSymbolicLink(src.resolve("link"), FileNames.path("caf\uDCE9"));
        assertThat(CliRunner.run("init", "--repo", repo, "--passphrase-file", passphrase.toString(), "--kdf-memory",
                "1024", "--kdf-iterations", "1").exitCode()).isZero();
        assertThat(CliRunner.run("backup", "--repo", repo, "--passphrase-file", passphrase.toString(), "--home",
                dir.resolve("home").toString(), src.toString()).exitCode()).isZero();

        CliRunner list = CliRunner.run("list", "--repo", repo, "--passphrase-file", passphrase.toString(), "--files",
                "latest");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains(src + "/bad_\\xfe\\xff_name").contains(src + "/bad_\\xff\\xfe_name")
                .contains(src + "/link -> caf\\xe9").doesNotContain("\uFFFD");
        // byte order: 0xfe before 0xff
        assertThat(list.out().indexOf("bad_\\xfe")).isLessThan(list.out().indexOf("bad_\\xff"));

        CliRunner json = CliRunner.run("list", "--repo", repo, "--passphrase-file", passphrase.toString(), "--files",
                "latest", "--json");
        assertThat(json.out()).contains("\"path\":\"" + src + "/bad_\\\\xff\\\\xfe_name\"").contains("\"kind\":\"symlink\"");
    }
}
