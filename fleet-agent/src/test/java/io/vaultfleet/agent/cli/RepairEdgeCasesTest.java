package io.vaultfleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.FileOpener;
import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.FolderStore;

/** Repair given the wrong things: an empty location, a wrong passphrase, a key of another repository. */
class RepairEdgeCasesTest {
    @TempDir
    Path work;

    CliRunner repair(Path repo, String passphrase, String... more) throws Exception {
        Path file = Files.writeString(work.resolve("pass-" + passphrase.hashCode()), passphrase);
        List<String> args = new java.util.ArrayList<>(List.of("repair"));
        args.addAll(List.of(more));
        args.addAll(List.of("--repo", "folder:" + repo, "--passphrase-file", file.toString(), "--home",
                work.resolve("home").toString()));
        return CliRunner.run(args.toArray(String[]::new));
    }

    Path repository(String name, char[] passphrase) throws Exception {
        Path dir = work.resolve(name);
        Path source = Files.createDirectories(work.resolve(name + "-src"));
        Files.writeString(source.resolve("f.txt"), "data of " + name);
        Repository repo = Repository.init(new FolderStore(dir), passphrase, RoundTripScenario.CHEAP_KDF, "h");
        new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run();
        return dir;
    }

    @Test
    void anEmptyLocationHasNothingToRepairAndGetsNoConfig() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty"));
        CliRunner run = repair(empty, new String(RoundTripScenario.PASSPHRASE));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("the location is empty, there is nothing to repair");
        try (Stream<Path> files = Files.list(empty)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aWrongPassphraseRecreatesNothing() throws Exception {
        Path repo = repository("a", RoundTripScenario.PASSPHRASE);
        Files.delete(repo.resolve("config"));
        CliRunner run = repair(repo, "not the passphrase of this repository");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.WRONG_PASSPHRASE);
        assertThat(run.err()).contains("wrong passphrase", "config cannot be recreated");
        assertThat(repo.resolve("config")).doesNotExist();
    }

    @Test
    void aKeyOfAnotherRepositoryIsNotTakenForThisOnes() throws Exception {
        Path a = repository("a", RoundTripScenario.PASSPHRASE);
        char[] other = "the passphrase of repository b".toCharArray();
        Path b = repository("b", other);
        // someone copied b's key file into a, whose config is lost
        try (Stream<Path> keys = Files.list(b.resolve("keys"))) {
            Path key = keys.findFirst().orElseThrow();
            Files.copy(key, a.resolve("keys").resolve(key.getFileName()));
        }
        Files.delete(a.resolve("config"));
        CliRunner run = repair(a, new String(other), "config");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DAMAGED);
        assertThat(run.err()).contains("authenticates none of the", "it is not the key of the data here",
                "config not written");
        assertThat(a.resolve("config")).doesNotExist();

        // a's own passphrase recreates it, and a's data restores under it
        CliRunner own = repair(a, new String(RoundTripScenario.PASSPHRASE), "config");
        assertThat(own.exitCode()).as(own.out() + own.err()).isZero();
        assertThat(own.out()).contains("recreated config", "opens pack");
        Repository reopened = Repository.open(new FolderStore(a), RoundTripScenario.PASSPHRASE);
        assertThat(reopened.snapshotIds()).hasSize(1);
    }

    @Test
    void repairSubcommandsNeedAConfigAndSayWhichCommandRecreatesIt() throws Exception {
        Path repo = repository("a", RoundTripScenario.PASSPHRASE);
        Files.delete(repo.resolve("config"));
        for (String sub : List.of("index", "snapshots")) {
            CliRunner run = repair(repo, new String(RoundTripScenario.PASSPHRASE), sub);
            assertThat(run.exitCode()).isEqualTo(ExitCodes.DAMAGED);
            assertThat(run.err()).contains("fleet-agent repair config").doesNotContain("init");
        }
    }
}
