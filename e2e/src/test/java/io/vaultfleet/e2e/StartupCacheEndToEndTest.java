package io.vaultfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.jobs.StartupCache;
import io.vaultfleet.testsupport.ManagedProcess;

/**
 * The JVM startup cache of the service's backup processes, with the packaged jar: trained by running {@code self-test}
 * under {@code -XX:AOTCacheOutput}, then used by a real backup ({@code -XX:AOTMode=on} makes the JVM refuse to start
 * if the cache were unusable), whose standard output stays pure JSON lines; an agent jar that changed is not
 * started with the old cache.
 */
class StartupCacheEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void trainedCacheIsUsedByBackupsAndDroppedWhenTheJarChanges() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "the JVM startup cache needs Java 25");
        Path jar = Files.copy(AgentProcess.JAR, dir.resolve("fleet-agent.jar"));
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> agent = List.of(ManagedProcess.javaExecutable(), "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m", "-XX:+UseSerialGC", "-Xlog:disable", "-Xlog:all=warning:stderr", "-jar", jar.toString());
        StartupCache cache = new StartupCache(agent, home);
        assertThat(cache.supported()).isTrue();
        assertThat(cache.command()).isEqualTo(agent);

        assertThat(cache.ensureTrained()).isTrue();
        Path file = cache.file().orElseThrow();
        assertThat(file).isRegularFile();
        assertThat(Files.size(file)).isGreaterThan(1_000_000);
        assertThat(home.resolve("cache/jvm/training")).doesNotExist();
        List<String> withCache = cache.command();
        assertThat(withCache).contains("-XX:AOTCache=" + file);
        assertThat(withCache.indexOf("-XX:AOTCache=" + file)).isEqualTo(withCache.indexOf("-jar") - 1);

        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "startup cache\n".repeat(1000));
        Path passphrase = Files.writeString(dir.resolve("passphrase"), "a passphrase for this test");
        List<String> repo = List.of("--repo", "folder:" + dir.resolve("repo"), "--passphrase-file", passphrase.toString());
        run(withCache, "init", repo, List.of());
        List<String> strict = new ArrayList<>(withCache);
        strict.add(1, "-XX:AOTMode=on");
        String backup = run(strict, "backup", repo,
                List.of("--json", "--home", home.toString(), "--", data.toString()));
        List<String> lines = backup.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty().allMatch(l -> l.startsWith("{"), "JSON lines only");
        assertThat(lines).anyMatch(l -> l.contains("\"summary\""));

        // an upgraded jar (another size or time) gets a cache of its own; the old one is not offered to it
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        assertThat(cache.file().orElseThrow()).isNotEqualTo(file);
        assertThat(cache.command()).isEqualTo(agent);
    }

    /** Runs one agent command to its end; returns its standard output (standard error is kept apart). */
    private String run(List<String> command, String sub, List<String> repo, List<String> rest) throws Exception {
        List<String> all = new ArrayList<>(command);
        all.add(sub);
        all.addAll(repo);
        all.addAll(rest);
        Path out = dir.resolve(sub + ".out");
        Path err = dir.resolve(sub + ".err");
        Process p = new ProcessBuilder(all).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).as(sub + " ended").isTrue();
        assertThat(p.exitValue()).as(sub + " exit code; standard error:\n" + Files.readString(err)).isZero();
        return Files.readString(out);
    }
}
