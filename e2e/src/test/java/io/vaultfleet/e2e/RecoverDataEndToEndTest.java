package io.vaultfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.JobDetailPage;
import io.vaultfleet.testsupport.pages.RecoverDataPage;
import io.vaultfleet.testsupport.pages.ServerDetailPage;
import io.vaultfleet.testsupport.pages.ServersPage;

/**
 * Recover Data with two real agents, the console and Chromium: a restore to another folder of the same server, and
 * to another server with the source's passphrase typed in the browser (a wrong one first), each compared byte for
 * byte with what was backed up; the passphrase is in none of the console's logs.
 *
 * <p>Needs the agent side of Recover Data (recovery sessions, browse, restore-start): it passes once that is built.
 */
class RecoverDataEndToEndTest {
    private static final Duration LIVE = Duration.ofSeconds(60);
    private static final String ALPHA_PASSPHRASE = "alpha's own long passphrase 1";
    private static final String BETA_PASSPHRASE = "beta's different long passphrase 2";

    @TempDir
    Path work;

    @RegisterExtension
    final ConsoleWithAgents fleet = new ConsoleWithAgents();

    @Test
    void restoreToAnotherFolderAndToAnotherServerComparedByteForByte() throws Exception {
        fleet.start(work, "rg-recover", "vault-recover");
        Browser browser = fleet.browser();
        Path alphaHome = register(ALPHA_PASSPHRASE, "e2e-recover-alpha");
        Path betaHome = register(BETA_PASSPHRASE, "e2e-recover-beta");
        Path data = files(work.resolve("data"));
        fleet.run("agent-alpha", alphaHome);
        fleet.run("agent-beta", betaHome);

        ServersPage.open(browser).waitForStatus("e2e-recover-alpha", "Online", LIVE);
        ServersPage.open(browser).waitForStatus("e2e-recover-beta", "Online", LIVE);
        ServerDetailPage alphaPage = ServersPage.open(browser).open("e2e-recover-alpha");
        String alphaId = fleet.shownServerId();
        alphaPage.backUpNow(data.toString());
        alphaPage.waitForNewestJob("Completed", LIVE);

        // This server, to another folder
        Path sameServer = work.resolve("restored-same");
        RecoverDataPage wizard = RecoverDataPage.open(browser, alphaId);
        wizard.next().waitForStep("MODE").next().waitForStep("POINT").pickFirstBoldDate().next().waitForStep("ITEMS")
                .next().waitForStep("OPTIONS").anotherLocation(sameServer.toString()).next().waitForStep("CONFIRM").next();
        JobDetailPage job = JobDetailPage.expect(browser);
        job.waitForStatus("Completed", LIVE);
        assertSameTree(data, restoredCopy(sameServer, data));

        // Another server: beta restores alpha's backups with alpha's passphrase, typed in the browser
        ServersPage.open(browser).open("e2e-recover-beta");
        String betaId = fleet.shownServerId();
        Path otherServer = work.resolve("restored-other");
        wizard = RecoverDataPage.open(browser, betaId);
        wizard.anotherServer("e2e-recover-alpha").next().waitForStep("PASSPHRASE");
        wizard.typePassphrase(BETA_PASSPHRASE).next();
        assertThat(wizard.passphraseError()).contains("passphrase");
        wizard.typePassphrase(ALPHA_PASSPHRASE).next().waitForStep("MODE");
        wizard.next().waitForStep("POINT").pickFirstBoldDate().next().waitForStep("ITEMS").next().waitForStep("OPTIONS")
                .anotherLocation(otherServer.toString()).onConflict("Overwrite").next().waitForStep("CONFIRM").next();
        JobDetailPage.expect(browser).waitForStatus("Completed", LIVE);
        assertSameTree(data, restoredCopy(otherServer, data));

        assertThat(fleet.console().process().output()).doesNotContain(ALPHA_PASSPHRASE).doesNotContain(BETA_PASSPHRASE);
    }

    /** Where a restore to {@code destination} puts {@code original} (its path recreated below the destination). */
    private static Path restoredCopy(Path destination, Path original) {
        return destination.resolve(original.toString().replaceFirst("^/", ""));
    }

    private static void assertSameTree(Path expected, Path actual) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(expected)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            Path copy = actual.resolve(expected.relativize(file).toString());
            assertThat(copy).exists();
            assertThat(Files.readAllBytes(copy)).as(copy.toString()).isEqualTo(Files.readAllBytes(file));
            assertThat(Files.getLastModifiedTime(copy)).as(copy + " modified time").isEqualTo(Files.getLastModifiedTime(file));
        }
    }

    /** Registers a server with a passphrase of its own. */
    private Path register(String passphrase, String name) throws IOException {
        Path file = work.resolve(name + "-passphrase.txt");
        Files.writeString(file, passphrase);
        return fleet.register(name, file);
    }

    private static Path files(Path folder) throws IOException {
        Files.createDirectories(folder.resolve("nested"));
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 5; i++) {
            byte[] bytes = new byte[1 << 18];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = (byte) random.nextInt(256);
            }
            Files.write(folder.resolve(i % 2 == 0 ? "nested" : ".").resolve("file-" + i + ".bin"), bytes);
        }
        Files.writeString(folder.resolve("notes é.txt"), "a name with an accent");
        return folder;
    }
}
