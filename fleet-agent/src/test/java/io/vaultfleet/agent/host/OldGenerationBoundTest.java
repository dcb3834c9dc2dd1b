package io.vaultfleet.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.MemoryPoolMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.testsupport.ManagedProcess;

/**
 * The serial collector grows its old generation with promoted garbage up to the heap cap; with the bound started it
 * stays near what is live. Both run in a child JVM with the serial collector (the test JVM's may be another).
 */
class OldGenerationBoundTest {
    private static final Pattern PEAK = Pattern.compile("old generation peak (\\d+) MiB");

    @TempDir
    Path dir;

    @Test
    void promotedGarbageIsCollectedBeforeItFillsTheHeapWhenTheBoundRuns() throws Exception {
        long without = peakOldGenerationMiB(false, false);
        long with = peakOldGenerationMiB(true, false);
        // 400 MiB of 1 MiB arrays that each live long enough to be promoted, never more than 16 MiB live at once
        assertThat(without).as("without the bound the old generation fills with garbage").isGreaterThan(150);
        assertThat(with).as("with the bound: live (16) + headroom (16) + what one poll lets through").isLessThan(110);
    }

    @Test
    void buffersExpectedBeforeAFullCollectionSomebodyElseAskedForDoNotSilenceTheBound() throws Exception {
        // the standby's warm-up: each step's pools were expected, then collected by the warm-up's own System.gc();
        // those expectations used to stay, and the bound did not fire once during the job that followed
        long with = peakOldGenerationMiB(true, true);
        assertThat(with).as("expectations of buffers collected since are dropped").isLessThan(110);
    }

    @Test
    void aCollectorWithoutATenuredGenerationIsLeftAlone() throws Exception {
        // G1 has no "Tenured Gen": start() says so and no watching thread (and no System.gc()) is ever started
        assertThat(childOutput("-XX:+UseG1GC", Probe.class)).contains("started=false", "watching=false");
        assertThat(childOutput("-XX:+UseSerialGC", Probe.class)).contains("started=true", "watching=true");
    }

    private String childOutput(String collector, Class<?> main, String... args) throws Exception {
        Path out = dir.resolve(main.getSimpleName() + collector.replace(':', '_') + ".txt");
        List<String> command = new ArrayList<>(List.of(ManagedProcess.javaExecutable(),
                collector, "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = p.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended).as(output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    private long peakOldGenerationMiB(boolean bound, boolean staleExpectation) throws Exception {
        Path out = dir.resolve("churn-" + bound + "-" + staleExpectation + ".txt");
        // no quiet time after a collection: on this loaded machine a full collection can take 0.5 s, and the quiet
        // time (19 times that) would let the churn run ahead; what is checked here is the bound itself
        Process p = new ProcessBuilder(ManagedProcess.javaExecutable(), "-XX:+UseSerialGC", "-Xms40m", "-Xmn8m",
                "-Xmx256m", "-Dvaultfleet.oldGenerationBound.timeShare=1", "-cp", System.getProperty("java.class.path"),
                Churn.class.getName(), Boolean.toString(bound), Boolean.toString(staleExpectation))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        // a bound on a hung child, not a verdict: the verdict is the child's output
        boolean ended = p.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended).as(output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        Matcher m = PEAK.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Churns promoted garbage at a pace the bound's polls can follow and prints the old generation's peak. */
    public static final class Churn {
        public static void main(String[] args) throws Exception {
            MemoryPoolMXBean tenured = OldGenerationBound.tenured().orElseThrow();
            if (Boolean.parseBoolean(args[0])) {
                System.gc();
                OldGenerationBound.start();
            }
            if (Boolean.parseBoolean(args[1])) {
                OldGenerationBound.expect(200L * 1024 * 1024); // a finished step's pools...
                System.gc(); // ...collected since, by a collection the bound did not ask for
                Thread.sleep(300); // a few of the bound's polls
            }
            tenured.resetPeakUsage();
            byte[][] ring = new byte[16][];
            for (int i = 0; i < 400; i++) {
                ring[i % ring.length] = new byte[1024 * 1024];
                Thread.sleep(20); // ~5 MiB per poll of the bound (100 ms)
            }
            System.out.println("old generation peak " + tenured.getPeakUsage().getUsed() / (1024 * 1024) + " MiB");
        }
    }

    /** Prints whether the bound started and whether its watching thread exists. */
    public static final class Probe {
        public static void main(String[] args) {
            boolean started = OldGenerationBound.start();
            boolean watching = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("old-generation-bound"));
            System.out.println("started=" + started + " watching=" + watching);
        }
    }
}
