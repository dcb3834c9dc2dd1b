package io.vaultfleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassphraseTest {
    @TempDir
    Path dir;

    Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content + "\n");
    }

    String repo() {
        return "folder:" + dir.resolve("repo");
    }

    @Test
    void aWrongPassphraseExitsWithItsOwnCodeAndNeverPrintsThePassphrase() throws Exception {
        Path good = file("good", "the right passphrase 1234");
        Path bad = file("bad", "not-the-right-passphrase");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/a.txt"), "a");
        assertThat(CliRunner.run("init", "--repo", repo(), "--passphrase-file", good.toString(), "--kdf-memory", "1024",
                "--kdf-iterations", "1").exitCode()).isZero();
        CliRunner result = CliRunner.run("backup", "--repo", repo(), "--passphrase-file", bad.toString(), "--home",
                dir.resolve("home").toString(), dir.resolve("src").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.WRONG_PASSPHRASE);
        assertThat(result.err()).contains("wrong passphrase").contains("key file");
        assertThat(result.out() + result.err()).doesNotContain("not-the-right-passphrase")
                .doesNotContain("the right passphrase");
        CliRunner restore = CliRunner.run("restore", "--repo", repo(), "--passphrase-file", bad.toString(), "latest",
                "--target", dir.resolve("out").toString());
        assertThat(restore.exitCode()).isEqualTo(ExitCodes.WRONG_PASSPHRASE);
    }

    @Test
    void changePassphraseMakesOnlyTheNewOneWork() throws Exception {
        Path first = file("first", "first passphrase 123456");
        Path second = file("second", "second passphrase 654321");
        CliRunner.run("init", "--repo", repo(), "--passphrase-file", first.toString(), "--kdf-memory", "1024",
                "--kdf-iterations", "1");
        assertThat(CliRunner.run("change-passphrase", "--repo", repo(), "--passphrase-file", first.toString(),
                "--new-passphrase-file", second.toString()).exitCode()).isZero();
        assertThat(CliRunner.run("list", "--repo", repo(), "--passphrase-file", first.toString()).exitCode())
                .isEqualTo(ExitCodes.WRONG_PASSPHRASE);
        assertThat(CliRunner.run("list", "--repo", repo(), "--passphrase-file", second.toString()).exitCode()).isZero();
    }

    @Test
    void shortPassphrasesAndBadRepositoriesAreClearErrors() throws Exception {
        Path shortOne = file("short", "too short");
        CliRunner init = CliRunner.run("init", "--repo", repo(), "--passphrase-file", shortOne.toString());
        assertThat(init.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(init.err()).contains("at least 16 characters");
        CliRunner bad = CliRunner.run("list", "--repo", "ftp://x", "--passphrase-file", shortOne.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("use folder:");
        CliRunner missing = CliRunner.run("list", "--repo", repo(), "--passphrase-file", shortOne.toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(missing.err()).contains("no repository");
    }
}
