package io.vaultfleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.backup.RoundTripScenario;

/**
 * A format 2 repository written by the agent before repair existed ({@code src/test/resources/legacy-v2/repo}, made by
 * commit b6a6c96's code: one recovery point of {@code legacy-v2/source}) still lists, verifies, needs no repair,
 * restores byte for byte and takes new backups.
 */
class LegacyRepositoryTest {
    @TempDir
    Path work;

    @Test
    void aRepositoryWrittenBeforeRepairExistedStillWorks() throws Exception {
        Path fixture = Path.of("src/test/resources/legacy-v2");
        Path repo = work.resolve("repo");
        try (Stream<Path> files = Files.walk(fixture.resolve("repo"))) {
            for (Path p : files.toList()) {
                Path target = repo.resolve(fixture.resolve("repo").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Files.writeString(work.resolve("pass"), new String(RoundTripScenario.PASSPHRASE));
        List<String> common = List.of("--repo", "folder:" + repo, "--passphrase-file", work.resolve("pass").toString(),
                "--home", work.resolve("home").toString());

        CliRunner list = StorageOutageTest.run("list", common);
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("a658e5a6749f");
        CliRunner verify = StorageOutageTest.run("verify", common, "--read-data");
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("no problems found").doesNotContain("note:");
        CliRunner repair = StorageOutageTest.run("repair", common);
        assertThat(repair.exitCode()).isZero();
        assertThat(repair.out()).contains("nothing to repair");
        assertThat(repo.resolve("quarantine")).doesNotExist();

        CliRunner restore = StorageOutageTest.run("restore", common, "latest", "--target", work.resolve("out").toString());
        assertThat(restore.exitCode()).as(restore.out() + restore.err()).isZero();
        Path data;
        try (Stream<Path> files = Files.walk(work.resolve("out"))) {
            data = files.filter(p -> p.getFileName().toString().equals("data.bin")).findFirst().orElseThrow();
        }
        assertThat(data).hasSameBinaryContentAs(fixture.resolve("source/data.bin"));
        assertThat(data.resolveSibling("docs/readme.txt")).hasSameTextualContentAs(fixture.resolve("source/docs/readme.txt"));

        Path source = Files.createDirectories(work.resolve("new-source"));
        Files.writeString(source.resolve("new.txt"), "after the upgrade");
        CliRunner backup = StorageOutageTest.run("backup", common, source.toString());
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        assertThat(StorageOutageTest.run("verify", common).exitCode()).isZero();
    }
}
