package io.vaultfleet.agent.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.testsupport.ManagedProcess;

/**
 * Issue 17: 2,000,000 chunks in a JVM whose heap is capped at 64 MiB. As Java objects (the map this index replaced:
 * ~120 bytes a chunk) they would need ~240 MiB of heap; the memory-mapped table needs none per chunk.
 */
class IndexSmallHeapTest {
    private static final int CHUNKS = 2_000_000;

    @TempDir
    Path dir;

    @Test
    void twoMillionChunksLoadAndAreFoundWithASixtyFourMebibyteHeap() throws Exception {
        Path out = dir.resolve("out.txt");
        Path tables = Files.createDirectories(dir.resolve("tables"));
        Process p = new ProcessBuilder(ManagedProcess.javaExecutable(), "-Xmx64m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), IndexLoadCheck.class.getName(),
                tables.toString(), Integer.toString(CHUNKS))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        // a bound on a hung child, not a verdict: the verdict is the child's output
        boolean ended = p.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended).as(output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).as(output).containsPattern("chunks " + CHUNKS + " found " + CHUNKS + " missing 0 heap ");
        // the child closed its index: nothing left behind
        assertThat(files(tables)).isEmpty();
    }

    @Test
    void filesACrashedProcessLeftAreDeletedByTheNextIndexInThatFolder() throws Exception {
        Path out = dir.resolve("crash.txt");
        Path tables = Files.createDirectories(dir.resolve("tables"));
        Process p = new ProcessBuilder(ManagedProcess.javaExecutable(), "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), IndexLoadCheck.class.getName(), tables.toString(), "50000",
                "crash").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = p.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended).as(output).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(3);
        List<Path> left = files(tables);
        assertThat(left).as(output).hasSize(1);
        assertThat(left.get(0).getFileName().toString()).startsWith("chunks-" + p.pid() + "-");
        try (Index next = new Index(tables)) {
            assertThat(left.get(0)).doesNotExist();
            assertThat(files(tables)).containsExactly(next.tableFile());
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
