package io.vaultfleet.agent.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux launcher, run for real with a stand-in for {@code java} whose behaviour depends on which "version" the
 * jar file holds: it installs a staged upgrade, and restores the previous version when the new one keeps failing.
 */
class AgentLoopScriptTest {
    private static final Path SCRIPT = Path.of("packaging/linux/agent-loop.sh").toAbsolutePath();

    @TempDir
    Path dir;

    /** A fake java: appends "<version> <args>" to runs.log and exits as the jar's version dictates. */
    private Path fakeJava(String behaviour) throws Exception {
        Path java = dir.resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                jar=""
                while [ $# -gt 0 ]; do [ "$1" = "-jar" ] && { jar="$2"; break; }; shift; done
                version=$(cat "$jar")
                echo "$version" >> "%s/runs.log"
                %s
                """.formatted(dir, behaviour));
        java.toFile().setExecutable(true);
        return java;
    }

    private int runLoop(Path java, Path jar) throws Exception {
        Process p = new ProcessBuilder(List.of("/bin/sh", SCRIPT.toString(), java.toString(), jar.toString(), "run"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("loop.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("loop ended").isTrue();
        return p.exitValue();
    }

    @Test
    void installsAStagedUpgradeAndKeepsThePreviousVersion() throws Exception {
        Path jar = dir.resolve("fleet-agent.jar");
        Files.writeString(jar, "v1");
        // v1 stages v2 and asks for a restart; v2 runs and stops normally
        Path java = fakeJava("""
                if [ "$version" = "v1" ]; then echo v2 > "$jar.new"; exit 75; fi
                exit 0""");
        assertThat(runLoop(java, jar)).isZero();
        assertThat(Files.readAllLines(dir.resolve("runs.log"))).containsExactly("v1", "v2");
        assertThat(Files.readString(jar).trim()).isEqualTo("v2");
        assertThat(Files.readString(jar.resolveSibling("fleet-agent.jar.previous")).trim()).isEqualTo("v1");
        assertThat(jar.resolveSibling("fleet-agent.jar.new")).doesNotExist();
    }

    @Test
    void restoresThePreviousVersionWhenTheNewOneKeepsFailingToStart() throws Exception {
        Path jar = dir.resolve("fleet-agent.jar");
        Files.writeString(jar, "v1");
        Files.writeString(jar.resolveSibling("fleet-agent.jar.new"), "broken");
        Path java = fakeJava("""
                if [ "$version" = "broken" ]; then exit 1; fi
                exit 0""");
        assertThat(runLoop(java, jar)).isZero();
        assertThat(Files.readAllLines(dir.resolve("runs.log"))).containsExactly("broken", "broken", "broken", "v1");
        assertThat(Files.readString(jar).trim()).isEqualTo("v1");
        assertThat(Files.readString(dir.resolve("loop.log"))).contains("restoring the previous agent");
    }

    @Test
    void rollsBackAtOnceWhenTheNewVersionSaysSo() throws Exception {
        Path jar = dir.resolve("fleet-agent.jar");
        Files.writeString(jar, "v1");
        Files.writeString(jar.resolveSibling("fleet-agent.jar.new"), "v2");
        Path java = fakeJava("""
                if [ "$version" = "v2" ]; then exit 76; fi
                exit 0""");
        assertThat(runLoop(java, jar)).isZero();
        assertThat(Files.readAllLines(dir.resolve("runs.log"))).containsExactly("v2", "v1");
        assertThat(Files.readString(jar).trim()).isEqualTo("v1");
    }
}
