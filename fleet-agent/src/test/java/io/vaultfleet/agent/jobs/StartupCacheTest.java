package io.vaultfleet.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which command a backup process starts with; the training itself runs in StartupCacheEndToEndTest (packaged jar). */
class StartupCacheTest {
    @TempDir
    Path dir;

    @Test
    void notSupportedBeforeJava25OrWithoutAJar() throws Exception {
        Path jar = Files.writeString(dir.resolve("agent.jar"), "jar");
        List<String> fromJar = List.of("java", "-Xmx512m", "-jar", jar.toString());
        assertThat(new StartupCache(fromJar, dir, 21).supported()).isFalse();
        assertThat(new StartupCache(fromJar, dir, 21).command()).isEqualTo(fromJar);
        assertThat(new StartupCache(fromJar, dir, 21).ensureTrained()).isFalse();
        List<String> fromClassPath = List.of("java", "-cp", "classes", "io.vaultfleet.agent.AgentMain");
        assertThat(new StartupCache(fromClassPath, dir, 25).supported()).isFalse();
        assertThat(new StartupCache(fromClassPath, dir, 25).file()).isEmpty();
        assertThat(new StartupCache(fromJar, dir, 25).supported()).isTrue();
    }

    @Test
    void cacheOptionGoesBeforeTheJarOnlyOnceTheCacheForThisJarExists() throws Exception {
        Path jar = Files.writeString(dir.resolve("agent.jar"), "jar");
        List<String> agent = List.of("java", "-Xmx512m", "-jar", jar.toString());
        StartupCache cache = new StartupCache(agent, dir, 25);
        assertThat(cache.command()).isEqualTo(agent);

        Path file = cache.file().orElseThrow();
        assertThat(file.getParent()).isEqualTo(dir.resolve("cache/jvm"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, "trained");
        assertThat(cache.command()).containsExactly("java", "-Xmx512m", "-XX:AOTCache=" + file, "-jar", jar.toString());
        assertThat(cache.ensureTrained()).isTrue();

        // an upgrade replaces the jar: another fingerprint, the old cache is not offered
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
        assertThat(cache.file().orElseThrow()).isNotEqualTo(file);
        assertThat(cache.command()).isEqualTo(agent);
        // other JVM options are another cache too
        assertThat(new StartupCache(List.of("java", "-Xmx256m", "-jar", jar.toString()), dir, 25).file())
                .isNotEqualTo(cache.file());
    }
}
